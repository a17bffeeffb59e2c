// Machine-readable findings, documented in docs/json-format.md. Paths are relative to the
// working directory, `/`-separated.
import { relative, sep } from 'node:path';
import type { Finding } from '../engine/types.js';
import type { ReportContext } from './index.js';

export const JSON_SCHEMA_VERSION = 1;

/** The suppression, its comment's file relative like every other path. */
function suppressedOf(
  suppressed: NonNullable<Finding['suppressed']>,
  path: (file: string) => string,
) {
  const { location } = suppressed;

  return location
    ? { ...suppressed, location: { ...location, file: path(location.file) } }
    : suppressed;
}

export function formatJson(findings: readonly Finding[], context: ReportContext): string {
  const path = (file: string) => (relative(context.cwd, file) || file).split(sep).join('/');
  const shown = findings.filter((f) => !f.suppressed);
  const count = (severity: Finding['severity']) =>
    shown.filter((f) => f.severity === severity).length;

  const report = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: 'ngxlint', version: context.version },
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      ruleName: f.ruleName,
      severity: f.severity,
      message: f.message,
      file: path(f.file),
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      related: f.related.map((r) => ({
        file: path(r.file),
        line: r.line,
        column: r.column,
        message: r.message,
      })),
      fingerprint: f.fingerprint,
      ...(f.fixes
        ? {
            fixes: f.fixes.map((x) => ({
              ...x,
              edits: x.edits.map((e) => ({ ...e, file: path(e.file) })),
            })),
          }
        : {}),
      ...(f.suppressed ? { suppressed: suppressedOf(f.suppressed, path) } : {}),
    })),
    summary: {
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      total: shown.length,
      suppressed: findings.length - shown.length,
    },
  };

  return `${JSON.stringify(report, null, 2)}\n`;
}
