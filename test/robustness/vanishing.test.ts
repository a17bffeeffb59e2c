// A config that vanishes mid-run (deleted between the glob that listed it and the read, or the
// entry deleted after discovery found it), injected through the FileSystem layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../../src/lint.js';
import { LintInputError } from '../../src/engine/errors.js';
import { diskFileSystem, fsError, type FileSystem } from '../../src/include/fs.js';
import { tempDir } from '../helpers.js';

/** The disk, except that `victim` is gone from its `reads`-th read on (counting from 1):
 * whatever listed or stat'ed it before saw it there. */
function vanishing(victim: string, reads: number): { fs: FileSystem; reads: () => number } {
  let count = 0;
  const gone = () => count >= reads;

  return {
    reads: () => count,
    fs: {
      ...diskFileSystem,
      readFile: (path) => {
        if (path === victim) {
          count += 1;
          if (gone()) throw fsError('ENOENT', 'open', path);
        }

        return diskFileSystem.readFile(path);
      },
    },
  };
}

function fixture(t: { after: (fn: () => void) => void }): string {
  const dir = tempDir();

  t.after(dir.cleanup);
  mkdirSync(join(dir.path, 'conf.d'));
  writeFileSync(
    join(dir.path, 'nginx.conf'),
    'events {}\nhttp {\n    include conf.d/*.conf;\n    server { listen 80; location / { proxy_pass http://127.0.0.1:8000; } }\n}\n',
  );
  writeFileSync(join(dir.path, 'conf.d', 'a.conf'), 'server_tokens off;\n');
  writeFileSync(join(dir.path, 'conf.d', 'b.conf'), 'gzip on;\n');

  return dir.path;
}

test('an included file that vanishes after the glob listed it: a finding at the include', async (t) => {
  const dir = fixture(t);
  const victim = join(dir, 'conf.d', 'b.conf');
  const { fs, reads } = vanishing(victim, 1);
  const result = await lint({ paths: [dir], cwd: dir, env: {}, note: () => {}, fs });
  const found = result.findings.map((f) => [f.ruleId, f.line, f.column, f.message]);

  assert.deepEqual(found, [
    ['NGX002', 3, 13, `open() "${victim}" failed (2: No such file or directory)`],
  ]);
  assert.ok(reads() >= 1, 'the parser tried to read it');
});

test('an entry config that vanishes after discovery: a usage error, not a crash', async (t) => {
  const dir = fixture(t);
  const entry = join(dir, 'nginx.conf');

  // Discovery found it by its name (a stat); the one read of the run, shared by discovery's
  // look at its head and the parser, finds it gone.
  const { fs, reads } = vanishing(entry, 1);

  await assert.rejects(
    lint({ paths: [dir], cwd: dir, env: {}, note: () => {}, fs }),
    (error: unknown) =>
      error instanceof LintInputError &&
      /nginx\.conf: open\(\) ".*nginx\.conf" failed \(2: No such file or directory\)$/.test(
        error.message,
      ),
  );
  assert.equal(reads(), 1, 'the run reads each file once');
});
