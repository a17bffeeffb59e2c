// For people: findings grouped by file, `line:col`, severity, message, rule, the source line
// with a caret under the place, and a summary line.
import kleur from 'kleur';
import { basename, relative } from 'node:path';
import { compareFindings } from '../engine/runner.js';
import type { Finding, Severity } from '../engine/types.js';
import type { ReportContext } from './index.js';
import { escapeControl } from '../security/escape.js';

const RELATED_SHOWN = 3;

type Paint = (text: string) => string;

const plain: Paint = (text) => text;

export function formatText(findings: readonly Finding[], context: ReportContext): string {
  // kleur decides from the environment; the caller has already decided (flag, NO_COLOR, TTY).
  kleur.enabled = context.color;

  const paint = (fn: Paint): Paint => (context.color ? fn : plain);
  const level: Record<Severity, Paint> = {
    error: paint(kleur.red),
    warning: paint(kleur.yellow),
    info: paint(kleur.cyan),
  };
  const dim = paint(kleur.dim);
  const bold = paint(kleur.bold);
  const shown = findings.filter((f) => !f.suppressed).sort(compareFindings);
  const out: string[] = [];
  let currentFile: string | undefined;

  for (const f of shown) {
    if (f.file !== currentFile) {
      if (currentFile !== undefined) out.push('');
      currentFile = f.file;
      // A live finding with no config to point at is about the machine, not a line.
      out.push(
        bold(f.file ? escapeControl(relative(context.cwd, f.file) || f.file) : 'this machine'),
      );
    }

    const where = (f.file ? `${f.line}:${f.column}` : '').padEnd(7);

    out.push(
      `  ${where} ${level[f.severity](f.severity.padEnd(7))} ${escapeControl(f.message)}  ${dim(`${f.ruleId}/${f.ruleName}`)}`,
    );
    out.push(...sourceExcerpt(f, context, dim));

    // The include chain is in the JSON and SARIF; the text keeps the first three places.
    const related = f.related.filter((x) => x.message !== 'included from here');

    // A line saying "1 more" takes the place of that one: show it instead.
    const shownRelated = related.length === RELATED_SHOWN + 1 ? related.length : RELATED_SHOWN;

    for (const r of related.slice(0, shownRelated)) {
      const where = escapeControl(relative(context.cwd, r.file) || r.file);

      out.push(dim(`      ${where}:${r.line}:${r.column}: ${escapeControl(r.message)}`));
    }

    if (related.length > shownRelated) {
      const more = related.length - shownRelated;

      out.push(dim(`      and ${more} more related places (--format json lists all)`));
    }

    // Certain fixes are applied by --fix; suggestions only say what either choice would be.
    for (const fix of f.fixes ?? []) {
      out.push(dim(`      ${fix.certain ? 'fix (--fix)' : 'suggestion'}: ${fix.description}`));
    }
  }

  if (shown.length > 0) out.push('');
  out.push(summary(shown, level, bold) + hiddenNote(findings));

  return `${out.join('\n')}\n`;
}

/** The finding's source line and a caret under its range; never a line of an env file. */
function sourceExcerpt(f: Finding, context: ReportContext, dim: Paint): string[] {
  if (isEnvFile(f.file)) return [];

  const text = context.source?.(f.file);
  const line = text?.split(/\r?\n/)[f.line - 1];

  if (line === undefined || line.length > 300) return [];

  const end = f.endLine === f.line ? Math.max(f.endColumn, f.column + 1) : line.length + 1;
  const stop = Math.min(end, line.length + 1);
  // Control characters are shown escaped (a config must not drive the terminal), and the caret
  // is measured on the escaped text. Keep tabs so it lines up under tab-indented config.
  const pad = escapeControl(line.slice(0, f.column - 1)).replace(/[^\t]/g, ' ');
  const caret = '^'.repeat(Math.max(1, escapeControl(line.slice(f.column - 1, stop - 1)).length));
  const gutter = String(f.line).padStart(6);

  return [dim(`${gutter} | `) + escapeControl(line), dim(`${' '.repeat(6)} | `) + pad + caret];
}

export function isEnvFile(file: string): boolean {
  const name = basename(file);

  return name === '.env' || name.startsWith('.env.') || name.endsWith('.env');
}

/** What the summary leaves out: ` (21 in the baseline, 2 suppressed in the source)`. */
function hiddenNote(findings: readonly Finding[]): string {
  const baseline = findings.filter((f) => f.suppressed?.kind === 'baseline').length;
  const inline = findings.filter((f) => f.suppressed && f.suppressed.kind !== 'baseline').length;
  const parts = [
    ...(baseline ? [`${baseline} in the baseline`] : []),
    ...(inline ? [`${inline} suppressed in the source`] : []),
  ];

  return parts.length ? `; not shown: ${parts.join(', ')}` : '';
}

function summary(
  findings: readonly Finding[],
  level: Record<Severity, Paint>,
  bold: Paint,
): string {
  if (findings.length === 0) return 'no problems';

  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const parts = [
    `${count('error')} ${count('error') === 1 ? 'error' : 'errors'}`,
    `${count('warning')} ${count('warning') === 1 ? 'warning' : 'warnings'}`,
    `${count('info')} info`,
  ];
  const total = `${findings.length} ${findings.length === 1 ? 'problem' : 'problems'}`;
  const paint = count('error') ? level.error : count('warning') ? level.warning : level.info;

  return paint(bold(`${total} (${parts.join(', ')})`));
}
