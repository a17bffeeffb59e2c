import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { CLI, REPO_ROOT, runCli, tempDir } from '../helpers.js';

test('--version prints the package version and exits 0', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const result = runCli(['--version']);

  assert.equal(result.status, 0);
  assert.equal(result.stdout.trim(), pkg.version);
});

test('an unknown flag is one line on stderr and exit 2', () => {
  const result = runCli(['--bogus-flag']);

  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^ngxlint: unknown flag --bogus-flag \(see ngxlint --help\)\n$/);
});

test('a path after a repeatable flag stays a path (--format compact PATH)', () => {
  const once = runCli(['--format', 'compact', '--rule', 'NGX304=off', 'fixtures/example/broken']);
  const twice = runCli([
    '--format',
    'compact',
    '--rule',
    'NGX304=off',
    '--rule',
    'NGX007=off',
    'fixtures/example/broken',
  ]);

  assert.equal(once.status, 1, once.stderr);
  assert.match(once.stdout, /^fixtures\/example\/broken\/nginx\/.*\[NGX30\d\//m);
  assert.doesNotMatch(once.stdout, /NGX304/);
  assert.match(once.stdout, /NGX007/);
  assert.equal(twice.status, 1, twice.stderr);
  assert.doesNotMatch(twice.stdout, /NGX304|NGX007/);
});

test('lint takes -f and -c as ports does, and names -f as typed in its errors', () => {
  const dir = tempDir();
  const config = join(dir.path, 'cfg.json');

  writeFileSync(config, JSON.stringify({ rules: { NGX304: 'off' } }));

  const long = runCli(['--format', 'json', '--config', config, 'fixtures/example/broken']);
  const short = runCli(['-f', 'json', '-c', config, 'fixtures/example/broken']);

  assert.equal(short.status, 1, short.stderr);
  assert.equal(short.stdout, long.stdout);
  assert.doesNotMatch(short.stdout, /NGX304/);
  assert.match(short.stdout, /"NGX303"/);

  const bad = runCli(['-f', 'yaml', 'fixtures/example/broken']);

  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^ngxlint: -f "yaml" is not a format, expected one of /);
  assert.equal(
    runCli(['-c', config, '--config', config, 'fixtures/example/broken']).stderr,
    'ngxlint: --config is given 2 times, expected once\n',
  );
  dir.cleanup();
});

test('a reader that closes stdout early gets no stack trace and no failure', async () => {
  const child = spawn(process.execPath, [CLI, 'rules'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';

  // Close our end before the child writes: its write then fails with EPIPE.
  child.stdout.destroy();
  child.stderr.on('data', (chunk) => (stderr += chunk));

  const code = await new Promise<number | null>((done) => child.on('close', done));

  assert.equal(stderr, '');
  assert.equal(code, 0);
});

test('DEBUG=ngxlint:* traces each stage on stderr, and stdout is unchanged', () => {
  const plain = runCli(['fixtures/example/good']);
  const traced = runCli(['fixtures/example/good'], { env: { DEBUG: 'ngxlint:*' } });
  const scoped = runCli(['fixtures/example/good'], { env: { DEBUG: 'ngxlint:parse' } });
  const scopes = (stderr: string) => [...stderr.matchAll(/^ngxlint:(\w+) /gm)].map((m) => m[1]);

  assert.equal(traced.stdout, plain.stdout);
  assert.deepEqual([...new Set(scopes(traced.stderr))], ['discover', 'parse', 'deploy', 'rules']);
  assert.deepEqual([...new Set(scopes(scoped.stderr))], ['parse']);
  assert.deepEqual(scopes(plain.stderr), []);
});

test('an entry config named by the project config is described as coming from it', () => {
  const dir = tempDir();

  try {
    cpSync(join(REPO_ROOT, 'fixtures', 'example', 'good'), dir.path, { recursive: true });
    writeFileSync(join(dir.path, 'ngxlint.config.json'), '{"nginx": {"conf": "nope.conf"}}\n');

    const missing = runCli(['.'], { cwd: dir.path });

    assert.equal(missing.status, 2);
    assert.match(
      missing.stderr,
      /^ngxlint: nginx\.conf in ngxlint\.config\.json ".*nope\.conf" is not a readable file\n$/,
    );

    writeFileSync(
      join(dir.path, 'ngxlint.config.json'),
      '{"nginx": {"conf": "nginx/nginx.conf"}}\n',
    );

    const found = runCli(['.'], { cwd: dir.path });

    assert.equal(found.status, 0, found.stderr);
    assert.match(found.stderr, /entry config named by nginx\.conf in ngxlint\.config\.json/);
  } finally {
    dir.cleanup();
  }
});
