// One finding per line, `file:line:col: severity: message [NGX301/single-listen-80]`: the shape
// that editors' problem matchers and `grep`-style tools read (see docs/editors.md).
import { relative, sep } from 'node:path';
import type { Finding } from '../engine/types.js';
import { escapeControl } from '../security/escape.js';

/** What the integration reporters need from the run: where paths are relative to. */
export interface PathContext {
  /** Working directory: compact, checkstyle and junit paths are relative to it. */
  cwd: string;
  /** Root of the run: github and gitlab paths are relative to it. */
  root: string;
}

/** A path relative to base with forward slashes, as every consumer of these formats expects. */
export function relativePath(base: string, file: string): string {
  const path = relative(base, file) || '.';

  return sep === '/' ? path : path.split(sep).join('/');
}

/** Findings a report shows: suppressed ones (inline or baseline) are left out. */
export function reportedFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed);
}

/** Sorts by file, line and column, so every line-oriented report reads top to bottom. */
export function byPosition(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;

  return a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}

/** Line breaks would split a finding over lines that a matcher reads as unrelated. */
export function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ');
}

export function formatCompact(findings: readonly Finding[], context: PathContext): string {
  const lines = reportedFindings(findings)
    .sort(byPosition)
    .map((f) => {
      // A file name may hold ESC, CR or LF: escaped, it can neither drive the terminal nor
      // split the line.
      const path = escapeControl(relativePath(context.cwd, f.file));
      const message = escapeControl(oneLine(f.message));

      return `${path}:${f.line}:${f.column}: ${f.severity}: ${message} [${f.ruleId}/${f.ruleName}]`;
    });

  return lines.map((line) => `${line}\n`).join('');
}
