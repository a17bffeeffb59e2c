// Baselines let a team adopt ngxlint on a legacy tree: --write-baseline FILE records today's
// findings by fingerprint (no line numbers, so unrelated edits do not void it), and
// --baseline FILE then marks those as suppressed, so only new findings count.
import { relative, sep } from 'node:path';
import { JsonSyntaxError, parseJsonWithPositions } from '../config/json-positions.js';
import type { Finding } from '../engine/types.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Root-relative, for people reading the file; matching uses the fingerprint only. */
  file: string;
  message: string;
}

export interface Baseline {
  baselineVersion: number;
  tool: { name: 'ngxlint'; version: string };
  findings: BaselineEntry[];
}

/** A baseline file that cannot be used; the message names the file and the place. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** The baseline of a run: its findings that are not already suppressed inline. */
export function createBaseline(
  findings: readonly Finding[],
  root: string,
  version: string,
): Baseline {
  const entries = findings
    .filter((f) => !f.suppressed)
    .map((f) => ({
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      file: relative(root, f.file).split(sep).join('/'),
      message: f.message,
    }))
    .sort(
      (a, b) =>
        a.file.localeCompare(b.file) ||
        a.ruleId.localeCompare(b.ruleId) ||
        a.fingerprint.localeCompare(b.fingerprint),
    );

  return {
    baselineVersion: BASELINE_VERSION,
    tool: { name: 'ngxlint', version },
    findings: entries,
  };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Reads a baseline file's text; errors say file:line:col like every other input error. */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;

  try {
    data = parseJsonWithPositions(text).value;
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;

    throw new BaselineError(
      `${file}:${error.line}:${error.column}: not a baseline: ${error.message}`,
    );
  }

  const baseline = data as Partial<Baseline>;

  if (
    typeof data !== 'object' ||
    data === null ||
    baseline.baselineVersion !== BASELINE_VERSION ||
    !Array.isArray(baseline.findings) ||
    !baseline.findings.every((e) => typeof e?.fingerprint === 'string')
  ) {
    throw new BaselineError(
      `${file}:1:1: not an ngxlint baseline, expected "baselineVersion": ${BASELINE_VERSION} and "findings" ` +
        'with a "fingerprint" each (write one with --write-baseline)',
    );
  }

  return baseline as Baseline;
}

/** Marks the findings the baseline knows as suppressed (kind baseline); new ones stay. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): Finding[] {
  const known = new Set(baseline.findings.map((e) => e.fingerprint));

  return findings.map((f) =>
    f.suppressed || !known.has(f.fingerprint) ? f : { ...f, suppressed: { kind: 'baseline' } },
  );
}
