// An output that is a device, a FIFO or a socket (`-o /dev/stdout`, `-o /dev/null`, a named
// pipe) is written to as it is. The atomic write (a temporary file renamed over the target)
// would replace it with a regular file: as root, `-o /dev/null` replaced /dev/null. Tested on a
// FIFO of the test's own; never on the machine's devices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
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
