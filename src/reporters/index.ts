// Every output format, by name. A reporter is a pure function of (findings, context) that
// returns the text to write; modules load only when their format is asked for. The CLI writes
// a format in pieces where the format can make them (SARIF), so a large log is never one string.
import type { Finding, Severity } from '../engine/types.js';

/** What a rule looks like to a reporter (SARIF rules[], help links). */
export interface RuleMeta {
  id: string;
  name: string;
  description: string;
  severity: Severity;
  tags: string[];
}

export interface ReportContext {
  /** Working directory: text, json, compact, checkstyle and junit paths are relative to it. */
  cwd: string;
  /** Root of the run: sarif, github and gitlab paths are relative to it. */
  root: string;
  version: string;
  /** Every registered rule, in registry order. */
  rules: readonly RuleMeta[];
  /** ANSI colours in the text format. */
  color: boolean;
  /** A file's text, for the text format's source line; undefined when not available. */
  source?: (file: string) => string | undefined;
}

export type Reporter = (findings: readonly Finding[], context: ReportContext) => string;

export const REPORTERS: Record<string, () => Promise<Reporter>> = {
  text: async () => (await import('./text.js')).formatText,
  json: async () => (await import('./json.js')).formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  github: async () => (await import('./github.js')).formatGithub,
  gitlab: async () => (await import('./gitlab.js')).formatGitlab,
  compact: async () => (await import('./compact.js')).formatCompact,
  checkstyle: async () => (await import('./checkstyle.js')).formatCheckstyle,
  junit: async () => (await import('./junit.js')).formatJunit,
};

/** A reporter's text in pieces, written one after another. */
export type ChunkedReporter = (
  findings: readonly Finding[],
  context: ReportContext,
) => Iterable<string>;

const CHUNKED: Record<string, () => Promise<ChunkedReporter>> = {
  sarif: async () => (await import('./sarif.js')).sarifChunks,
};

export function formatNames(): string[] {
  return Object.keys(REPORTERS);
}

export async function loadReporter(name: string): Promise<Reporter | undefined> {
  return Object.hasOwn(REPORTERS, name) ? REPORTERS[name]() : undefined;
}

/** The format as pieces: its own when it makes them, else its whole text as one piece. */
export async function loadChunkedReporter(name: string): Promise<ChunkedReporter | undefined> {
  if (Object.hasOwn(CHUNKED, name)) return CHUNKED[name]();

  const reporter = await loadReporter(name);

  return reporter && ((findings, context) => [reporter(findings, context)]);
}
