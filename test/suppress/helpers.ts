// An in-memory tree, a small registry and findings at chosen places for the suppression tests.
import { fsError, type FileSystem } from '../../src/include/fs.js';
import { defineRule } from '../../src/engine/define.js';
import type { Finding, RuleDefinition } from '../../src/engine/types.js';
import suppressionReason from '../../rules/ngx901-suppression-reason.js';
import unknownRule from '../../rules/ngx902-suppression-unknown-rule.js';
import unusedSuppression from '../../rules/ngx903-unused-suppression.js';

export const ROOT = '/srv/site';

const stub = (id: string, name: string) =>
  defineRule({
    id,
    name,
    description: `Stub of ${name} for the suppression tests`,
    severity: 'error',
    tags: [],
    messages: {},
    create: () => ({}),
  });

export const RULES: RuleDefinition<any>[] = [
  stub('NGX301', 'single-listen-80'),
  stub('NGX303', 'proxy-pass-app-port'),
  stub('NGX312', 'unit-port-mismatch'),
  suppressionReason,
  unknownRule,
  unusedSuppression,
];

export function memoryFs(files: Record<string, string>): FileSystem {
  const read = (path: string) => {
    if (!(path in files)) throw fsError('ENOENT', 'open', path);

    return Buffer.from(files[path], 'utf8');
  };
  const stat = (path: string) => ({
    isFile: path in files,
    isDirectory: false,
    isSymbolicLink: false,
    isSpecial: false,
    size: read(path).length,
  });

  return { readFile: read, stat, lstat: stat, readdir: () => [], realpath: (p) => p };
}

/** A finding of a stub rule at line:column of file. */
export function finding(ruleId: string, file: string, line: number, column = 1): Finding {
  const rule = RULES.find((r) => r.id === ruleId)!;

  return {
    ruleId,
    ruleName: rule.name,
    severity: 'error',
    message: `${rule.name} here`,
    file,
    line,
    column,
    endLine: line,
    endColumn: column + 4,
    related: [],
    fingerprint: `${ruleId}:${file}:${line}`,
  };
}
