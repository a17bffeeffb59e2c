import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/syntax/config.js';
import { memoryFileSystem } from '../../src/include/memory-fs.js';

/** nginx.conf includes h0.conf inside http; each hN.conf holds `body(N)`. */
function chain(count: number, body: (n: number) => string) {
  const files: Record<string, string> = {
    '/i/nginx.conf': 'events {}\nhttp { include h0.conf; }\n',
  };

  for (let n = 0; n < count; n += 1) files[`/i/h${n}.conf`] = body(n);
  files[`/i/h${count}.conf`] = '';

  return parseConfig('/i/nginx.conf', { fs: memoryFileSystem(files), maxDepth: 20 });
}

test('a plain include chain stops at the limit in include levels, and says so', () => {
  const config = chain(30, (n) => `include h${n + 1}.conf;\n`);
  const limits = config.errors.filter((e) => e.kind === 'limit');

  // http is one block; h18 holds the 20th include level: 21 levels deep.
  assert.equal(limits.length, 1);
  assert.equal(limits[0].file, '/i/h18.conf');
  assert.deepEqual([limits[0].line, limits[0].column], [1, 9]);
  assert.equal(
    limits[0].message,
    'include nested 21 levels deep (20 includes, 1 blocks), deeper than the limit of 20',
  );
});

test('includes inside server blocks count each block once, and the block past the limit says so', () => {
  const config = chain(30, (n) => `server { include h${n + 1}.conf; }\n`);
  const limits = config.errors.filter((e) => e.kind === 'limit');

  // h9 is reached through 10 includes inside http and 9 servers: its own server is level 21.
  assert.equal(limits.length, 1);
  assert.equal(limits[0].file, '/i/h9.conf');
  assert.deepEqual([limits[0].line, limits[0].column], [1, 8]);
  assert.equal(
    limits[0].message,
    'blocks nested deeper than 20 levels, counting the 20 include and block levels around this file',
  );
});
