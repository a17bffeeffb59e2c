import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Finding } from '../../src/engine/types.js';
import { formatJson } from '../../src/reporters/json.js';
import { formatText } from '../../src/reporters/text.js';

const root = '/work/project';
const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'NGX303',
  ruleName: 'proxy-pass-app-port',
  severity: 'error',
  message: 'proxy_pass targets port "8001", expected the app port "8000" (UVICORN_PORT in .env:2)',
  file: join(root, 'nginx/app.conf'),
  line: 2,
  column: 5,
  endLine: 2,
  endColumn: 38,
  related: [
    {
      file: join(root, '.env'),
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 18,
      message: 'the app port is set here',
    },
  ],
  fingerprint: 'abc',
  ...over,
});
const sources: Record<string, string> = {
  [join(root, 'nginx/app.conf')]: 'server {\n    proxy_pass http://127.0.0.1:8001;\n}\n',
  [join(root, '.env')]: 'A=1\nUVICORN_PORT=8000 SECRET=hunter2\n',
};
const context = {
  cwd: root,
  root,
  version: '1.2.3',
  rules: [],
  color: false,
  source: (f: string) => sources[f],
};

test('text groups by file, shows line:col, severity, rule, the source line with a caret and a summary', () => {
  const out = formatText(
    [
      finding({}),
      finding({
        file: join(root, '.env'),
        line: 2,
        column: 1,
        endColumn: 18,
        severity: 'warning',
        related: [],
      }),
    ],
    context,
  );

  assert.equal(
    out,
    [
      '.env',
      '  2:1     warning proxy_pass targets port "8001", expected the app port "8000" (UVICORN_PORT in .env:2)  NGX303/proxy-pass-app-port',
      '',
      'nginx/app.conf',
      '  2:5     error   proxy_pass targets port "8001", expected the app port "8000" (UVICORN_PORT in .env:2)  NGX303/proxy-pass-app-port',
      '     2 |     proxy_pass http://127.0.0.1:8001;',
      '       |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
      '      .env:2:1: the app port is set here',
      '',
      '2 problems (1 error, 1 warning, 0 info)',
      '',
    ].join('\n'),
  );
  assert.doesNotMatch(out, /hunter2/, 'never a line of an env file');
});

test('text: a live finding with no file is about this machine, with no line:col', () => {
  const live = finding({ file: '', line: 1, column: 1, endLine: 1, endColumn: 1, related: [] });
  const out = formatText([live], context);

  assert.equal(
    out.split('\n').slice(0, 2).join('\n'),
    ['this machine', `          error   ${live.message}  NGX303/proxy-pass-app-port`].join('\n'),
  );
});

test('text lists three related places and counts the rest; a fourth alone is shown', () => {
  const place = (line: number) => ({ ...finding({}).related[0], line, message: `place ${line}` });
  const lines = (count: number) =>
    formatText(
      [finding({ related: Array.from({ length: count }, (_, i) => place(i + 1)) })],
      context,
    )
      .split('\n')
      .filter((l) => /^ {6}[^ |]/.test(l));

  assert.deepEqual(
    lines(4),
    [1, 2, 3, 4].map((n) => `      .env:${n}:1: place ${n}`),
  );
  assert.deepEqual(lines(6), [
    ...[1, 2, 3].map((n) => `      .env:${n}:1: place ${n}`),
    '      and 3 more related places (--format json lists all)',
  ]);
});

test('text with colour on uses ANSI codes; a clean run says so', () => {
  assert.match(formatText([finding({})], { ...context, color: true }), /\u001b\[/);
  assert.equal(formatText([], context), 'no problems\n');
});

test('json has the documented shape with paths relative to the working directory', () => {
  const report = JSON.parse(formatJson([finding({})], { ...context, cwd: join(root, 'nginx') }));

  assert.deepEqual(Object.keys(report), ['schemaVersion', 'tool', 'findings', 'summary']);
  assert.equal(report.schemaVersion, 1);
  assert.deepEqual(report.tool, { name: 'ngxlint', version: '1.2.3' });
  assert.deepEqual(report.findings[0], {
    ruleId: 'NGX303',
    ruleName: 'proxy-pass-app-port',
    severity: 'error',
    message:
      'proxy_pass targets port "8001", expected the app port "8000" (UVICORN_PORT in .env:2)',
    file: 'app.conf',
    line: 2,
    column: 5,
    endLine: 2,
    endColumn: 38,
    related: [{ file: '../.env', line: 2, column: 1, message: 'the app port is set here' }],
    fingerprint: 'abc',
  });
  assert.deepEqual(report.summary, { errors: 1, warnings: 0, infos: 0, total: 1, suppressed: 0 });
});
