// Hands findings to the shared reporters (src/reporters); `ports` has no reporter of its own.
import { readFileSync } from 'node:fs';
import { UsageError } from '../cli/errors.js';
import type { Finding, RuleDefinition } from '../engine/types.js';
import { VERSION } from '../version.js';
import type { PortHolding } from './summary.js';

export interface RenderOptions {
  format: string;
  cwd: string;
  root: string;
  rules: readonly RuleDefinition<any>[];
  color: boolean;
  /** A file whose findings are about it as a whole: the text format shows no source line. */
  wholeFile?: string;
  /** Who holds each port, one line per port: text prints it before the findings. */
  listing?: string[];
  /** The same as data: JSON carries it as `ports`. */
  ports?: PortHolding[];
}

export async function renderReport(findings: Finding[], options: RenderOptions): Promise<string> {
  const { formatNames, loadReporter } = await import('../reporters/index.js');
  const reporter = await loadReporter(options.format);

  if (!reporter || !formatNames().includes(options.format)) {
    const names = formatNames().join(', ');

    throw new UsageError(`--format "${options.format}" is not a format, expected one of ${names}`);
  }

  const text = reporter(findings, {
    cwd: options.cwd,
    root: options.root,
    version: VERSION,
    rules: options.rules,
    color: options.color,
    source: (file) => {
      if (file === options.wholeFile) return undefined;

      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  });

  if (options.format === 'json') return withPorts(text, options.ports ?? []);
  if (options.format === 'text' && options.listing?.length)
    return `${options.listing.join('\n')}\n\n${text}`;

  return text;
}

/** The JSON report with `ports` added, and no location on a finding about the machine as a
 * whole (its file is empty: no config was read). */
function withPorts(text: string, ports: PortHolding[]): string {
  const report = JSON.parse(text) as { findings: Array<Record<string, unknown>> };

  for (const finding of report.findings) {
    if (finding.file !== '') continue;

    for (const key of ['file', 'line', 'column', 'endLine', 'endColumn']) delete finding[key];
  }

  return `${JSON.stringify({ ...report, ports }, null, 2)}\n`;
}
