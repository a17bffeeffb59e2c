// The root guard on the real disk: absolute paths, `../`, symlinks (to files, to folders,
// dangling and looping) and the root itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskFileSystem, type FileSystem } from '../../src/include/fs.js';
import { guardFileSystem, isInside, OUTSIDE_ROOT_CODE } from '../../src/security/index.js';
import { tempDir } from '../helpers.js';

const SECRET = 'hardening-secret-7f3a';

/** root/ (the checkout) beside outside/ (everything a pull request must not reach). */
function layout(t: { after: (fn: () => void) => void }) {
  const dir = tempDir();

  t.after(dir.cleanup);

  const root = join(dir.path, 'root');
  const outside = join(dir.path, 'outside');

  mkdirSync(join(root, 'conf.d'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.conf'), `${SECRET};\n`);
  writeFileSync(join(root, 'nginx.conf'), 'events {}\n');
  writeFileSync(join(root, 'conf.d', 'a.conf'), 'server {}\n');
  symlinkSync(join(outside, 'secret.conf'), join(root, 'conf.d', 'link.conf'));
  symlinkSync(outside, join(root, 'outdir'));
  symlinkSync('a.conf', join(root, 'conf.d', 'inside-link.conf'));
  symlinkSync('loop2', join(root, 'loop1'));
  symlinkSync('loop1', join(root, 'loop2'));

  return { root, outside };
}

/** A FileSystem that counts what reaches the disk, so a refusal can be shown to touch nothing. */
function spy(): { fs: FileSystem; seen: string[] } {
  const seen: string[] = [];
  const wrap =
    <A extends unknown[], R>(name: string, fn: (path: string, ...rest: A) => R) =>
    (path: string, ...rest: A): R => {
      seen.push(`${name} ${path}`);

      return fn(path, ...rest);
    };

  return {
    seen,
    fs: {
      readFile: wrap('readFile', diskFileSystem.readFile),
      stat: wrap('stat', diskFileSystem.stat),
      lstat: wrap('lstat', diskFileSystem.lstat),
      readdir: wrap('readdir', diskFileSystem.readdir),
      realpath: wrap('realpath', diskFileSystem.realpath),
    },
  };
}

function refusedCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }

  return undefined;
}

test('files inside the root read as usual, symlinks inside it included', (t) => {
  const { root } = layout(t);
  const fs = guardFileSystem(diskFileSystem, root);

  assert.equal(fs.readFile(join(root, 'nginx.conf')).toString(), 'events {}\n');
  assert.equal(fs.readFile(join(root, 'conf.d', 'inside-link.conf')).toString(), 'server {}\n');
  assert.deepEqual(fs.readdir(join(root, 'conf.d')).sort(), [
    'a.conf',
    'inside-link.conf',
    'link.conf',
  ]);
  assert.equal(fs.lstat(join(root, 'conf.d', 'link.conf')).isSymbolicLink, true);
  assert.equal(fs.lstat(root).isDirectory, true);
  assert.equal(fs.stat(root).isDirectory, true);
  assert.deepEqual(fs.refused, []);
});

test('an absolute path or ../ outside the root is refused before any system call', (t) => {
  const { root, outside } = layout(t);
  const { fs: inner, seen } = spy();
  const fs = guardFileSystem(inner, root);

  seen.length = 0;

  for (const path of [join(outside, 'secret.conf'), join(root, '..', 'outside', 'secret.conf')]) {
    assert.equal(
      refusedCode(() => fs.readFile(path)),
      OUTSIDE_ROOT_CODE,
    );
    assert.equal(
      refusedCode(() => fs.stat(path)),
      OUTSIDE_ROOT_CODE,
    );
    assert.equal(
      refusedCode(() => fs.lstat(path)),
      OUTSIDE_ROOT_CODE,
    );
  }

  assert.equal(
    refusedCode(() => fs.readdir(outside)),
    OUTSIDE_ROOT_CODE,
  );
  assert.equal(
    refusedCode(() => fs.readFile('/etc/shadow')),
    OUTSIDE_ROOT_CODE,
  );
  assert.deepEqual(seen, [], 'nothing outside the root reached the disk');
  assert.equal(fs.refused.length, 8);
  assert.deepEqual(fs.refused[0], {
    path: join(outside, 'secret.conf'),
    realPath: undefined,
    syscall: 'open',
  });
});

test('a symlink leading outside is refused, to a file or through a folder', (t) => {
  const { root, outside } = layout(t);
  const fs = guardFileSystem(diskFileSystem, root);
  const link = join(root, 'conf.d', 'link.conf');

  assert.equal(
    refusedCode(() => fs.readFile(link)),
    OUTSIDE_ROOT_CODE,
  );
  assert.equal(
    refusedCode(() => fs.stat(link)),
    OUTSIDE_ROOT_CODE,
  );
  assert.equal(
    refusedCode(() => fs.realpath(link)),
    OUTSIDE_ROOT_CODE,
  );
  assert.equal(
    refusedCode(() => fs.readFile(join(root, 'outdir', 'secret.conf'))),
    OUTSIDE_ROOT_CODE,
  );
  assert.equal(
    refusedCode(() => fs.readdir(join(root, 'outdir'))),
    OUTSIDE_ROOT_CODE,
  );
  // A missing file behind the link says nothing about what exists outside.
  assert.equal(
    refusedCode(() => fs.readFile(join(root, 'outdir', 'nope'))),
    OUTSIDE_ROOT_CODE,
  );
  assert.equal(fs.refused[0].realPath, join(outside, 'secret.conf'));
});

test('a link out whose target is missing is refused as one whose target exists', (t) => {
  const { root, outside } = layout(t);
  const fs = guardFileSystem(diskFileSystem, root);

  // Answered ENOENT, these would tell a pull request whether the paths exist on the runner.
  symlinkSync(join(outside, 'no-such-file'), join(root, 'dangling.env'));
  symlinkSync('../outdir/missing/deeper', join(root, 'conf.d', 'chain'));
  symlinkSync('chain', join(root, 'conf.d', 'chain2'));

  for (const path of ['dangling.env', 'conf.d/chain', 'conf.d/chain2', 'conf.d/chain2/x']) {
    assert.equal(
      refusedCode(() => fs.stat(join(root, path))),
      OUTSIDE_ROOT_CODE,
      path,
    );
    assert.equal(
      refusedCode(() => fs.readFile(join(root, path))),
      OUTSIDE_ROOT_CODE,
      path,
    );
  }
  // A dangling link inside the root keeps its own error.
  symlinkSync('missing.conf', join(root, 'inside-dangling.conf'));
  assert.equal(
    refusedCode(() => fs.stat(join(root, 'inside-dangling.conf'))),
    'ENOENT',
  );
});

test('inside the root, missing files and symlink loops keep their own errors', (t) => {
  const { root } = layout(t);
  const fs = guardFileSystem(diskFileSystem, root);

  assert.equal(
    refusedCode(() => fs.readFile(join(root, 'missing.conf'))),
    'ENOENT',
  );
  assert.equal(
    refusedCode(() => fs.readFile(join(root, 'loop1'))),
    'ELOOP',
  );
  assert.deepEqual(fs.refused, []);
});

test('a root reached through a symlink guards its real folder', (t) => {
  const { root } = layout(t);
  const alias = `${root}-alias`;

  symlinkSync(root, alias);

  const fs = guardFileSystem(diskFileSystem, alias);

  assert.equal(fs.readFile(join(alias, 'nginx.conf')).toString(), 'events {}\n');
  assert.equal(fs.readFile(join(root, 'nginx.conf')).toString(), 'events {}\n');
  assert.equal(
    refusedCode(() => fs.readFile(join(alias, 'conf.d', 'link.conf'))),
    OUTSIDE_ROOT_CODE,
  );
});

test('isInside compares whole path segments', () => {
  assert.equal(isInside('/srv/app/x.conf', '/srv/app'), true);
  assert.equal(isInside('/srv/app', '/srv/app'), true);
  assert.equal(isInside('/srv/app2/x.conf', '/srv/app'), false);
  assert.equal(isInside('/srv', '/srv/app'), false);
  assert.equal(isInside('/srv/app/..foo', '/srv/app'), true);
  assert.equal(isInside('/anything', '/'), true);
});
