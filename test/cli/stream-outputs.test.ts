// An output that is a device, a FIFO or a socket (`-o /dev/stdout`, `-o /dev/null`, a named
// pipe) is written to as it is. The atomic write (a temporary file renamed over the target)
// would replace it with a regular file: as root, `-o /dev/null` replaced /dev/null. Tested on a
// FIFO of the test's own; never on the machine's devices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CLI, FIXTURES, tempDir } from '../helpers.js';

/** Runs the CLI while the test reads the FIFO it writes; the text read and the exit code. */
async function throughFifo(args: (fifo: string) => string[]) {
  const dir = tempDir('ngxlint-fifo-');
  const fifo = join(dir.path, 'out');

  try {
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');

    // The reader is a process of its own: if the pipe were replaced, it would wait forever
    // on the old one, and is killed instead of hanging the test.
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];

    reader.stdout.on('data', (c: Buffer) => chunks.push(c));

    const readerDone = new Promise<void>((done) => reader.on('close', () => done()));
    const child = spawn(process.execPath, [CLI, ...args(fifo)], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    const timer = setTimeout(() => reader.kill(), 5000);

    await readerDone;
    clearTimeout(timer);

    return {
      code,
      text: Buffer.concat(chunks).toString('utf8'),
      stillFifo: lstatSync(fifo).isFIFO(),
      left: readdirSync(dir.path),
    };
  } finally {
    dir.cleanup();
  }
}

const BROKEN = join(FIXTURES, 'example', 'broken');

test('lint -o FIFO writes the report into the pipe and leaves the pipe a pipe', async () => {
  const run = await throughFifo((fifo) => [BROKEN, '--format', 'sarif', '-o', fifo]);

  assert.equal(run.code, 1);
  assert.equal(run.stillFifo, true);
  assert.deepEqual(run.left, ['out'], 'no temporary file is left');
  assert.ok(JSON.parse(run.text).runs[0].results.length > 5);
});

test('lint --format json:FIFO beside a file output: both written, the pipe kept', async () => {
  const dir = tempDir('ngxlint-fifo-file-');

  try {
    const file = join(dir.path, 'report.sarif');
    const run = await throughFifo((fifo) => [
      BROKEN,
      '--format',
      `json:${fifo}`,
      '--format',
      `sarif:${file}`,
    ]);

    assert.equal(run.code, 1);
    assert.equal(run.stillFifo, true);
    assert.ok(JSON.parse(run.text).findings.length > 5);
    assert.ok(lstatSync(file).isFile());
  } finally {
    dir.cleanup();
  }
});

test('parse -o FIFO and --write-baseline FIFO write into the pipe', async () => {
  const parsed = await throughFifo((fifo) => [
    'parse',
    join(FIXTURES, 'example', 'good', 'nginx', 'nginx.conf'),
    '-o',
    fifo,
  ]);

  assert.equal(parsed.code, 0);
  assert.equal(parsed.stillFifo, true);
  assert.equal(JSON.parse(parsed.text).status, 'ok');

  const baseline = await throughFifo((fifo) => [
    BROKEN,
    '--format',
    'compact',
    '--write-baseline',
    fifo,
  ]);

  assert.equal(baseline.stillFifo, true);
  assert.ok(JSON.parse(baseline.text).findings.length > 5);
});

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
}

test('an output path ending in "/" is refused: no file made, a FIFO of that name kept', () => {
  const dir = tempDir('ngxlint-slash-');

  try {
    assert.equal(spawnSync('mkfifo', [join(dir.path, 'pipe')]).status, 0);

    for (const args of [
      [BROKEN, '--format', 'sarif', '-o', 'pipe/'],
      [BROKEN, '--format', 'json:nodir/'],
      ['parse', join(FIXTURES, 'example', 'good', 'nginx', 'nginx.conf'), '-o', 'pipe/'],
      [BROKEN, '--write-baseline', 'nodir/'],
    ]) {
      const run = cli(args, dir.path);

      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /cannot write it \(it is a folder, EISDIR\)\n$/);
      assert.equal(run.stderr.trim().split('\n').length, 1);
    }

    assert.equal(lstatSync(join(dir.path, 'pipe')).isFIFO(), true);
    assert.deepEqual(readdirSync(dir.path), ['pipe']);
  } finally {
    dir.cleanup();
  }
});

test('two outputs that are one file (a link, the baseline as a report) are refused', () => {
  const dir = tempDir('ngxlint-same-');

  try {
    assert.equal(spawnSync('mkfifo', [join(dir.path, 'pipe')]).status, 0);
    symlinkSync('pipe', join(dir.path, 'link'));

    const viaLink = cli([BROKEN, '--format', 'json:pipe', '--format', 'sarif:link'], dir.path);
    const baseline = cli(
      [BROKEN, '--write-baseline', 'x.json', '--format', 'json', '-o', 'x.json'],
      dir.path,
    );

    assert.equal(viaLink.status, 2, viaLink.stderr);
    assert.match(viaLink.stderr, /two formats write the same file/);
    assert.equal(baseline.status, 2, baseline.stderr);
    assert.match(baseline.stderr, /--write-baseline x\.json: another output writes the same file/);
    assert.deepEqual(readdirSync(dir.path).sort(), ['link', 'pipe']);
  } finally {
    dir.cleanup();
  }
});

test('a socket as output is refused before anything is written', () => {
  const dir = tempDir('ngxlint-socket-');
  const server = createServer();

  try {
    const socket = join(dir.path, 'sock');

    server.listen(socket);

    const run = cli([BROKEN, '--format', 'sarif:s.sarif', '--format', 'json:sock'], dir.path);

    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /--format json:sock: cannot write it \(it is a socket/);
    assert.deepEqual(readdirSync(dir.path), ['sock'], 's.sarif is not written');
  } finally {
    server.close();
    dir.cleanup();
  }
});

test('an output name near the 255-byte limit is written (the temporary name is cut)', () => {
  const dir = tempDir('ngxlint-long-');

  try {
    const name = `${'x'.repeat(240)}.sarif`;
    const run = cli([BROKEN, '--format', 'sarif', '-o', name], dir.path);

    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(readdirSync(dir.path), [name]);
  } finally {
    dir.cleanup();
  }
});
