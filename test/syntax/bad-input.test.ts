import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';
import { parseConfig, parseText } from '../../src/syntax/index.js';
import { memoryFileSystem } from '../../src/include/memory-fs.js';
import type { Directive } from '../../src/syntax/tree.js';

test('100,000 nested blocks finish quickly with one limit error at the 201st level', () => {
  const text = `${'a {\n'.repeat(100_000)}${'}\n'.repeat(100_000)}`;
  const started = Date.now();
  const config = parseText(text, '/n/nginx.conf');

  assert.ok(Date.now() - started < 2000);
  assert.deepEqual(
    config.errors.map((e) => [e.kind, e.message, e.line, e.column]),
    [['limit', 'blocks nested deeper than 200 levels', 201, 3]],
  );

  let depth = 0;

  for (let d = config.files[0].nodes[0] as Directive | undefined; d; d = d.block?.[0] as Directive)
    depth++;
  assert.equal(depth, 200);
});

test('a missing ; before } in an included file is reported in that file', () => {
  const fs = memoryFileSystem({
    '/m/nginx.conf': 'http {\n    include site.conf;\n}\n',
    '/m/site.conf': 'server {\n    listen 80\n}\n',
  });
  const config = parseConfig('/m/nginx.conf', { fs });

  assert.deepEqual(
    config.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`),
    ['/m/site.conf:3:1 unexpected "}"'],
  );
});

test('a binary file gives errors with positions, no exception', () => {
  const bytes = Buffer.alloc(4096);

  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) % 256;

  const config = parseText(bytes, '/b/bin.conf');

  assert.ok(config.errors.length > 0);
  assert.ok(config.errors.every((e) => e.line >= 1 && e.column >= 1));
});

test('a 50 MB file parses in bounded memory and good time', () => {
  const line = 'location /a { proxy_pass http://127.0.0.1:8000; } # pad pad pad pad pad pad\n';
  const text = Buffer.from(line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
  const before = process.memoryUsage().rss;
  const started = Date.now();
  const config = parseText(text, '/big/nginx.conf', { entryContext: ['http', 'server'] });
  const elapsed = Date.now() - started;
  const grown = process.memoryUsage().rss - before;

  console.log(
    `50 MB: ${config.files[0].nodes.length} nodes in ${elapsed} ms, rss +${Math.round(grown / 2 ** 20)} MB`,
  );
  assert.deepEqual(config.errors, []);
  assert.ok(elapsed < 20_000);
  assert.ok(grown < 3 * 1024 ** 3);
});

test('CLI: bad usage is one stderr line and exit 2; failed parse exits 1; -o writes atomically', () => {
  const dir = tempDir();

  try {
    const missing = runCli(['parse', join(dir.path, 'nope.conf')]);

    assert.equal(missing.status, 2);
    assert.equal(missing.stdout, '');
    assert.match(
      missing.stderr,
      /^ngxlint: open\(\) ".*nope.conf" failed \(2: No such file or directory\)\n$/,
    );

    const badIndent = runCli(['parse', '--indent', 'x', join(dir.path, 'nope.conf')]);

    assert.equal(badIndent.status, 2);
    assert.equal(badIndent.stderr.split('\n').length, 2);

    writeFileSync(join(dir.path, 'bad.conf'), 'http {\n');

    const out = join(dir.path, 'out.json');
    const failed = runCli(['parse', '-o', out, '--indent', '2', 'bad.conf'], { cwd: dir.path });

    assert.equal(failed.status, 1);
    assert.equal(failed.stdout, '');
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).config[0].errors[0].line, 1);
    assert.deepEqual(readdirSync(dir.path).sort(), ['bad.conf', 'out.json']);

    const lex = runCli(['lex', 'bad.conf'], { cwd: dir.path });

    assert.equal(lex.status, 1);
    assert.equal(lex.stderr, 'bad.conf:2:1: unexpected end of file, expecting "}"\n');

    const stdin = runCli(['parse', '--positions', '--stdin-filename', 'x.conf', '-'], {
      input: 'user  a;\n',
    });

    assert.equal(stdin.status, 0);
    assert.deepEqual(JSON.parse(stdin.stdout).config[0], {
      file: 'x.conf',
      status: 'ok',
      errors: [],
      parsed: [{ directive: 'user', line: 1, args: ['a'], column: 1, endLine: 1, endColumn: 9 }],
    });
  } finally {
    dir.cleanup();
  }
});
