// Hands findings to the shared reporters (src/reporters); `ports` has no reporter of its own.
import { readFileSync } from 'node:fs';
import { UsageError } from '../cli/errors.js';
import type { Finding, RuleDefinition } from '../engine/types.js';
import { VERSION } from '../version.js';

export interface RenderOptions {
  format: string;
  cwd: string;
  root: string;
  rules: readonly RuleDefinition<any>[];
  color: boolean;
  /** A file whose findings are about it as a whole: the text format shows no source line. */
  wholeFile?: string;
}

export async function renderReport(findings: Finding[], options: RenderOptions): Promise<string> {
  const { formatNames, loadReporter } = await import('../reporters/index.js');
  const reporter = await loadReporter(options.format);

  if (!reporter) {
    const names = formatNames().join(', ');

    throw new UsageError(`--format "${options.format}" is not a format, expected one of ${names}`);
  }

  return reporter(findings, {
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
}
