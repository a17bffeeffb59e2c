// A pull request must not make CI read files outside the checkout: a fixture includes a file
// with a known secret line by absolute path, by `../`, through a symlinked file and a symlinked
// folder, and names an env file outside through EnvironmentFile=. Linted in every format, the
// secret appears nowhere, and each include is reported once by NGX008.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatNames } from '../../src/reporters/index.js';
import { runCli, tempDir } from '../helpers.js';

const SECRET = 'hardening_secret_4c1d9e';
const ENV_SECRET = 'envsecret-4c1d9e';

function fixture(t: { after: (fn: () => void) => void }) {
  const dir = tempDir('ngxlint-outside-');

  t.after(dir.cleanup);

  const repo = join(dir.path, 'repo');
  const outside = join(dir.path, 'outside');

  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(join(repo, 'conf.d'));
  mkdirSync(join(repo, 'systemd'));
  mkdirSync(outside);
  // If this file were read, NGX010 and the text format's source line would quote the secret.
  writeFileSync(join(outside, 'secret.conf'), `${SECRET} on;\nlisten "${SECRET}";\n`);
  writeFileSync(join(outside, 'app.env'), `UVICORN_PORT=8001\nAPI_KEY=${ENV_SECRET}\n`);
  symlinkSync(join(outside, 'secret.conf'), join(repo, 'conf.d', 'link.conf'));
  symlinkSync(outside, join(repo, 'linked-dir'));
  writeFileSync(
    join(repo, 'nginx.conf'),
    [
      'events {}',
      'http {',
      `    include ${join(outside, 'secret.conf')};`,
      '    include ../outside/secret.conf;',
      '    include conf.d/*.conf;',
      '    include linked-dir/*.conf;',
      '    server {',
      '        listen 80;',
      '        location / { proxy_pass http://127.0.0.1:8000; }',
      '    }',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(repo, 'systemd', 'app.service'),
    [
      '[Service]',
      `EnvironmentFile=${join(outside, 'app.env')}`,
      'EnvironmentFile=../outside/app.env',
      'ExecStart=/usr/bin/uvicorn main:app --host 127.0.0.1 --port 8000',
      '',
    ].join('\n'),
  );

  return { repo, outside };
}

function assertNoSecret(text: string, where: string): void {
  assert.ok(!text.includes(SECRET), `the secret leaked into ${where}:\n${text.slice(0, 2000)}`);
  assert.ok(!text.includes(ENV_SECRET), `the env secret leaked into ${where}`);
}

test('no format shows a secret from outside the root, and NGX008 reports each include once', (t) => {
  const { repo } = fixture(t);
  const formats = formatNames();

  assert.ok(formats.length >= 3, `formats: ${formats.join(', ')}`);

  // Every format at once, each to its own file, and the text format to stdout.
  const files = formats.map((format) => join(repo, '..', `out.${format}`));
  const toFiles = runCli(
    ['lint', repo, ...formats.map((format, i) => `--format=${format}:${files[i]}`)],
    { cwd: repo },
  );
  const toStdout = runCli(['lint', repo], { cwd: repo });

  assert.ok(toStdout.status === 0 || toStdout.status === 1, toStdout.stderr);
  assert.equal(toFiles.status, toStdout.status, toFiles.stderr);
  assertNoSecret(toStdout.stdout, 'text stdout');
  assertNoSecret(toStdout.stderr + toFiles.stderr + toFiles.stdout, 'stderr');
  assert.match(toStdout.stdout, /NGX008/);

  formats.forEach((format, i) => {
    const text = readFileSync(files[i], 'utf8');

    assertNoSecret(text, `--format ${format}`);
    assert.match(text, /NGX008|include-outside-root/, `${format} reports NGX008`);
  });

  const json = runCli(['lint', repo, '--format=json'], { cwd: repo });
  const findings = (
    JSON.parse(json.stdout) as {
      findings: {
        ruleId: string;
        line: number;
        column: number;
        severity: string;
        message: string;
      }[];
    }
  ).findings;
  const outside = findings.filter((f) => f.ruleId === 'NGX008');

  assert.deepEqual(
    outside.map((f) => [f.line, f.column, f.severity]),
    [
      [3, 5, 'warning'],
      [4, 5, 'warning'],
      [5, 5, 'warning'],
      [6, 5, 'warning'],
    ],
  );
  assert.match(
    outside[1].message,
    /^include "\.\.\/outside\/secret\.conf" leads outside the root, not read/,
  );
});

test('--allow-outside-root reads the file (so the fixture above would leak without the guard)', (t) => {
  const { repo } = fixture(t);
  const run = runCli(['lint', repo, '--allow-outside-root', '--format=text'], { cwd: repo });

  assert.ok(run.stdout.includes(SECRET), 'the secret is read when the guard is off');
  assert.doesNotMatch(run.stdout, /NGX008/);
});

test('outside a checkout (no .git, no --root) the tree reads what nginx reads', (t) => {
  const { repo } = fixture(t);
  const plain = join(repo, '..', 'plain');

  mkdirSync(plain);
  writeFileSync(join(plain, 'nginx.conf'), readFileSync(join(repo, 'nginx.conf')));

  const run = runCli(['lint', plain, '--format=json'], { cwd: plain });

  assert.doesNotMatch(run.stdout, /NGX008/);
  assert.match(run.stdout, new RegExp(SECRET), 'linting a server tree follows its includes');
});

test('--root makes any folder a guarded checkout', (t) => {
  const { repo } = fixture(t);
  const plain = join(repo, '..', 'plain');

  mkdirSync(plain);
  writeFileSync(join(plain, 'nginx.conf'), readFileSync(join(repo, 'nginx.conf')));

  const run = runCli(['lint', plain, '--root', plain, '--format=json'], { cwd: plain });

  assertNoSecret(run.stdout + run.stderr, '--root run');
  assert.equal((run.stdout.match(/"NGX008"/g) ?? []).length, 2, 'the absolute and ../ includes');
});

test('a PATH outside the root is one line and exit 2, not read', (t) => {
  const { repo, outside } = fixture(t);

  writeFileSync(join(outside, 'nginx.conf'), readFileSync(join(repo, 'nginx.conf')));

  const run = runCli(['lint', repo, outside], { cwd: repo });

  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(
    run.stderr,
    'ngxlint: PATH "../outside" is outside the root ".", not read (lint it on its own, or give --allow-outside-root)\n',
  );
});
