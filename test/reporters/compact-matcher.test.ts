// The VS Code problem matcher shipped in docs/editors.md, applied to real --format compact
// output: every field of every finding must come back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { FIXTURES, REPO_ROOT, runCli, tempDir } from '../helpers.js';

interface Matcher {
  fileLocation: [string, string];
  pattern: Record<'file' | 'line' | 'column' | 'severity' | 'message' | 'code', number> & {
    regexp: string;
  };
}

/** The problem matcher as the docs ship it, from the page's tasks.json block. */
function shippedMatcher(): Matcher {
  const page = readFileSync(join(REPO_ROOT, 'docs', 'editors.md'), 'utf8');
  const block = /```json\n([\s\S]*?)\n```/.exec(page);

  assert.ok(block, 'docs/editors.md has a tasks.json block');

  const tasks = JSON.parse(block[1]) as { tasks: { command: string; problemMatcher: Matcher }[] };

  assert.match(tasks.tasks[0].command, /ngxlint \. --format compact$/);

  return tasks.tasks[0].problemMatcher;
}

interface JsonFinding {
  ruleId: string;
  ruleName: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  suppressed?: unknown;
}

/** Lints cwd in compact and json, and checks the matcher recovers each json finding. */
function assertMatcherRecovers(cwd: string): number {
  const matcher = shippedMatcher();
  const regexp = new RegExp(matcher.pattern.regexp);
  const compact = runCli(['.', '--format', 'compact'], { cwd });
  const json = runCli(['.', '--format', 'json'], { cwd });
  const expected = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings.filter(
    (f) => !f.suppressed,
  );
  const lines = compact.stdout.split('\n').filter(Boolean);

  assert.equal(matcher.fileLocation[0], 'relative');
  assert.equal(lines.length, expected.length);

  const recovered = lines.map((line) => {
    const m = regexp.exec(line);

    assert.ok(m, `the matcher does not match: ${line}`);

    const p = matcher.pattern;

    return {
      file: m[p.file],
      line: Number(m[p.line]),
      column: Number(m[p.column]),
      severity: m[p.severity],
      message: m[p.message],
      code: m[p.code],
    };
  });
  const wanted = expected.map((f) => ({
    file: f.file,
    line: f.line,
    column: f.column,
    severity: f.severity,
    message: f.message.replace(/\r\n|[\r\n]/g, ' '),
    code: `${f.ruleId}/${f.ruleName}`,
  }));
  const key = (x: { file: string; line: number; column: number; code: string }) =>
    `${x.file}:${x.line}:${x.column}:${x.code}`;

  assert.deepEqual(
    [...recovered].sort((a, b) => key(a).localeCompare(key(b))),
    [...wanted].sort((a, b) => key(a).localeCompare(key(b))),
  );

  return recovered.length;
}

test('the shipped problem matcher recovers every field from the broken example', () => {
  const dir = tempDir('ngxlint-matcher-');

  try {
    const work = join(dir.path, 'broken');

    cpSync(join(FIXTURES, 'example', 'broken'), work, { recursive: true, verbatimSymlinks: true });
    spawnSync('git', ['init', '-q', work]);

    assert.ok(assertMatcherRecovers(work) >= 5);
  } finally {
    dir.cleanup();
  }
});

test('the matcher copes with file names holding spaces, ":" and non-ASCII letters', () => {
  const dir = tempDir('ngxlint-matcher-');

  try {
    const root = join(dir.path, 'site');
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };

    write('nginx/nginx.conf', 'events {}\nhttp {\n    include "conf.d/*.conf";\n}\n');
    write('nginx/conf.d/a: b 1:2.conf', 'server {\n    listen 80;\n}\n');
    write(
      'nginx/conf.d/zz café.conf',
      'server {\n    listen 80;\n    proxy_pass http://127.0.0.1:8001;\n}\n',
    );
    spawnSync('git', ['init', '-q', root]);

    assert.ok(assertMatcherRecovers(root) >= 2);
  } finally {
    dir.cleanup();
  }
});
