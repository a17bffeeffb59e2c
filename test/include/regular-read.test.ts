// Reading a config never blocks: a file that is a FIFO or a device when it is opened (swapped in
// since its stat, or named by an include) is refused at the open, not waited on or read forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_REGULAR_CODE } from '../../src/include/fs.js';
import { BUILD_ROOT, CLI, runCli, tempDir } from '../helpers.js';

function fifo(path: string): void {
  assert.equal(spawnSync('mkfifo', [path]).status, 0, 'mkfifo');
}

/** Runs `body` (ES module code with `fs`, `resolve` and `dir` in scope) in a child process,
 * so a read that blocks fails the test by its timeout instead of hanging the suite. */
function inChild(dir: string, body: string): string {
  const src = join(BUILD_ROOT, 'src', 'include');
  const script = join(dir, 'child.mjs');

  writeFileSync(
    script,
    `import * as fs from ${JSON.stringify(join(src, 'fs.js'))};\n` +
      `import * as resolve from ${JSON.stringify(join(src, 'resolve.js'))};\n` +
      `const dir = ${JSON.stringify(dir)};\n${body}\n`,
  );

  const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 10_000 });

  assert.equal(run.status, 0, `${run.error ?? ''} ${run.stderr}`);

  return run.stdout;
}

test('the disk read refuses a FIFO and a device at the open, and reads a file', (t) => {
  const dir = tempDir();

  t.after(dir.cleanup);
  fifo(join(dir.path, 'pipe.conf'));
  writeFileSync(join(dir.path, 'a.conf'), 'events {}\n');

  const out = inChild(
    dir.path,
    [
      'const codeOf = (p) => {',
      '  try { fs.diskFileSystem.readFile(p); return "read"; } catch (e) { return e.code; }',
      '};',
      "const paths = [dir + '/pipe.conf', '/dev/null', dir, dir + '/a.conf'];",
      "console.log(paths.map(codeOf).join(' '));",
    ].join('\n'),
  );

  assert.equal(out, `${NOT_REGULAR_CODE} ${NOT_REGULAR_CODE} EISDIR read\n`);
});

test('a config that is a FIFO by its read, not at its stat, is "not a regular file"', (t) => {
  const dir = tempDir();

  t.after(dir.cleanup);
  fifo(join(dir.path, 'swapped.conf'));

  // The stat answers as it did before the swap; the read meets the FIFO.
  const out = inChild(
    dir.path,
    [
      'const stat = () => ({',
      '  isFile: true, isDirectory: false, isSymbolicLink: false, isSpecial: false, size: 10,',
      '});',
      'const stale = { ...fs.diskFileSystem, stat };',
      "const read = resolve.readConfigFile(stale, dir + '/swapped.conf', 'swapped.conf');",
      'console.log(JSON.stringify(read));',
    ].join('\n'),
  );

  assert.deepEqual(JSON.parse(out), {
    problem: { kind: 'include', message: '"swapped.conf" is not a regular file' },
  });
});

test('a baseline may still be a pipe, as from <(git show main:baseline.json)', (t) => {
  const dir = tempDir();

  t.after(dir.cleanup);
  writeFileSync(join(dir.path, 'nginx.conf'), 'events {}\nhttp { server { listen 8080; } }\n');
  assert.equal(runCli(['.', '--write-baseline', 'bl.json'], { cwd: dir.path }).status, 0);
  fifo(join(dir.path, 'pipe.json'));

  const r = spawnSync(
    'sh',
    [
      '-c',
      'cat bl.json > pipe.json & exec "$@"',
      'sh',
      process.execPath,
      CLI,
      '.',
      '--baseline',
      'pipe.json',
    ],
    { cwd: dir.path, encoding: 'utf8', timeout: 20_000 },
  );

  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^no problems; not shown: \d+ in the baseline\n$/);
});

test('files named on the command line: no device, and a pipe only where one makes sense', (t) => {
  const dir = tempDir();

  t.after(dir.cleanup);
  writeFileSync(join(dir.path, 'nginx.conf'), 'events {}\nhttp { server { listen 8080; } }\n');

  for (const [args, line] of [
    [['.', '--config', '/dev/zero'], 'cannot read config file ../../dev/zero (not a regular file)'],
    [['.', '--baseline', '/dev/zero'], '--baseline /dev/zero: cannot read it (not a regular file)'],
    [['ports', '--from-ss', '/dev/zero'], '--from-ss: cannot read /dev/zero (not a regular file)'],
  ] as const) {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      cwd: dir.path,
      encoding: 'utf8',
      timeout: 20_000,
    });

    assert.equal(r.status, 2, `${args.join(' ')}: ${r.error ?? ''} ${r.stderr}`);
    assert.equal(
      r.stderr.trimEnd().split('\n').at(-1),
      `ngxlint: ${line.replace('../../', relativeUp(dir.path))}`,
    );
  }

  // A project config found by the search is never a pipe: it is refused, not waited on.
  fifo(join(dir.path, 'ngxlint.config.json'));

  const found = spawnSync(process.execPath, [CLI, '.'], {
    cwd: dir.path,
    encoding: 'utf8',
    timeout: 20_000,
  });

  assert.equal(found.status, 2, `${found.error ?? ''} ${found.stderr}`);
  assert.match(
    found.stderr,
    /cannot read config file ngxlint\.config\.json \(not a regular file\)\n$/,
  );
});

/** `../../` from `dir` up to the file system's root, as path.relative writes it. */
function relativeUp(dir: string): string {
  return '../'.repeat(dir.split('/').filter(Boolean).length);
}
