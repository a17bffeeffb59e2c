// The run's snapshot of the file system: each question reaches the disk at most once, and a
// stat is its own question even after an lstat of the same path (a file may have been swapped
// for a FIFO since, and opening a FIFO blocks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskFileSystem, snapshotFileSystem, type FileSystem } from '../../src/include/fs.js';
import { tempDir } from '../helpers.js';

function counting(): { fs: FileSystem; calls: string[] } {
  const calls: string[] = [];
  const fs = Object.fromEntries(
    Object.entries(diskFileSystem).map(([name, call]) => [
      name,
      (path: string) => {
        calls.push(`${name} ${path.slice(path.lastIndexOf('/') + 1)}`);

        return (call as (p: string) => unknown)(path);
      },
    ]),
  ) as unknown as FileSystem;

  return { fs, calls };
}

test('stat after lstat is asked of the disk once; a link is followed', (t) => {
  const dir = tempDir();

  t.after(dir.cleanup);
  mkdirSync(join(dir.path, 'sub'));
  writeFileSync(join(dir.path, 'sub', 'a.conf'), 'events {}\n');
  symlinkSync(join('sub', 'a.conf'), join(dir.path, 'link.conf'));

  const { fs: base, calls } = counting();
  const fs = snapshotFileSystem(base);
  const file = join(dir.path, 'sub', 'a.conf');
  const link = join(dir.path, 'link.conf');

  assert.equal(fs.lstat(file).isFile, true);
  assert.deepEqual(fs.stat(file), fs.lstat(file));
  assert.equal(fs.lstat(link).isSymbolicLink, true);

  const followed = fs.stat(link);

  assert.equal(followed.isFile, true);
  assert.equal(followed.isSymbolicLink, false);
  assert.equal(followed.size, 10);
  fs.stat(link);
  fs.readFile(file);
  fs.readFile(file);
  assert.deepEqual(calls, [
    'lstat a.conf',
    'stat a.conf',
    'lstat link.conf',
    'stat link.conf',
    'readFile a.conf',
  ]);
});

test('a failure is remembered and thrown again, with its code', (t) => {
  const dir = tempDir();

  t.after(dir.cleanup);

  const { fs: base, calls } = counting();
  const fs = snapshotFileSystem(base);
  const missing = join(dir.path, 'missing.conf');

  for (let i = 0; i < 2; i++) {
    assert.throws(() => fs.lstat(missing), { code: 'ENOENT' });
    assert.throws(() => fs.stat(missing), { code: 'ENOENT', syscall: 'stat' });
  }

  assert.deepEqual(calls, ['lstat missing.conf', 'stat missing.conf']);
});
