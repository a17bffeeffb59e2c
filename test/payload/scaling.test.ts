import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/syntax/index.js';
import { memoryFileSystem } from '../../src/include/memory-fs.js';
import { buildPayload } from '../../src/payload/index.js';
import { CLI, tempDir } from '../helpers.js';

test('lex keeps memory linear in nesting depth: 30,000 nested ifs in a 200 MB heap', () => {
  const depth = 30_000;
  const dir = tempDir();

  try {
    const file = join(dir.path, 'deep.conf');

    writeFileSync(file, `http { location / {${'if ($a) {'.repeat(depth)}${'}'.repeat(depth)}}}\n`);

    const run = spawnSync(process.execPath, ['--max-old-space-size=200', CLI, 'lex', file], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });

    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);

    const tokens = JSON.parse(run.stdout) as string[];

    // `http { location / {`, three tokens a level, then every closing brace.
    assert.equal(tokens.length, 5 + depth * 3 + depth + 2);
    assert.deepEqual(tokens.slice(0, 8), ['http', '{', 'location', '/', '{', 'if', '($a)', '{']);
    assert.deepEqual(tokens.slice(-2), ['}', '}']);
  } finally {
    dir.cleanup();
  }
});

test('lex still reports brace errors, with their positions', () => {
  const dir = tempDir();

  try {
    const file = join(dir.path, 'open.conf');

    writeFileSync(file, 'http {\n  server {\n');

    const run = spawnSync(process.execPath, [CLI, 'lex', file], { encoding: 'utf8' });

    assert.equal(run.status, 1);
    assert.equal(run.stdout, '["http","{","server","{"]\n');
    assert.match(run.stderr, /open\.conf:3:1: unexpected end of file, expecting "}"/);
  } finally {
    dir.cleanup();
  }
});

test('--combine inlines a 150,000-directive include without overflowing the stack', () => {
  const count = 150_000;
  const fs = memoryFileSystem({
    '/c/nginx.conf': 'http { include big.conf; }\n',
    '/c/big.conf': 'sendfile on;\n'.repeat(count),
  });
  const config = parseConfig('/c/nginx.conf', { fs });
  const payload = buildPayload(config, { entry: 'nginx.conf', combine: true });
  const http = payload.config[0].parsed[0];

  assert.equal(payload.config.length, 1);
  assert.equal(http.block?.length, count);
  assert.deepEqual(http.block?.[count - 1], {
    directive: 'sendfile',
    line: count,
    args: ['on'],
    file: 'big.conf',
  });
});

test('--combine expands a file included twice in each place, inside blocks and chains', () => {
  const fs = memoryFileSystem({
    '/d/nginx.conf': 'http {\n  server { include s.conf; }\n  server { include s.conf; }\n}\n',
    '/d/s.conf': 'location / { include l.conf; }\n',
    '/d/l.conf': 'return 204;\n',
  });
  const payload = buildPayload(parseConfig('/d/nginx.conf', { fs }), {
    entry: 'nginx.conf',
    combine: true,
  });
  const servers = payload.config[0].parsed[0].block ?? [];

  assert.equal(servers.length, 2);

  for (const server of servers) {
    assert.deepEqual(server.block, [
      {
        file: 's.conf',
        directive: 'location',
        line: 1,
        args: ['/'],
        block: [{ file: 'l.conf', directive: 'return', line: 1, args: ['204'] }],
      },
    ]);
  }
});
