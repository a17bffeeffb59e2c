// crossplane's reading after its analyzer rejects a directive: a rejected block's body is read
// one level up, a directive wrongly opened with `{` is skipped whole, `listen {{PORT}}` too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseText } from '../../src/syntax/index.js';
import { buildPayload } from '../../src/payload/index.js';
import { analyze } from '../../src/nginx/payload-analyzer.js';

function payloadOf(text: string, entryContext: string[] = []) {
  const config = parseText(text, '/r/x.conf', { entryContext });

  return buildPayload(config, { entry: 'x.conf', analyze, source: () => Buffer.from(text) });
}

const errorsOf = (payload: ReturnType<typeof payloadOf>) =>
  payload.errors.map((e) => [e.line, e.error]);

test('a rejected block loses its braces: its body is read one level up, its } ends it', () => {
  const payload = payloadOf(
    'http {\n  location / {\n    root /a;\n  }\n  server {\n    listen 80;\n  }\n}\n',
  );

  assert.deepEqual(errorsOf(payload), [
    [2, '"location" directive is not allowed here in x.conf:2'],
    [5, '"server" directive is not allowed here in x.conf:5'],
    [6, '"listen" directive is not allowed here in x.conf:6'],
  ]);
  // `root` joins http; location's `}` closes http, server's `}` ends the file's reading.
  assert.deepEqual(payload.config[0].parsed, [
    { directive: 'http', line: 1, args: [], block: [{ directive: 'root', line: 3, args: ['/a'] }] },
  ]);
});

test('a directive wrongly opened with { is skipped with its whole block, nested ones too', () => {
  const payload = payloadOf('http {\n  gzip on { a { b; } c; }\n  root /r;\n}\n');

  assert.deepEqual(errorsOf(payload), [
    [2, 'directive "gzip" is not terminated by ";" in x.conf:2'],
  ]);
  assert.deepEqual(payload.config[0].parsed, [
    { directive: 'http', line: 1, args: [], block: [{ directive: 'root', line: 3, args: ['/r'] }] },
  ]);
});

test('listen {{PORT}}: crossplane skips the braces, where the parser says unexpected "{"', () => {
  const text =
    'server {\n\tlisten {{PORT}} default;\n\tlisten [::]:{{PORT}} default;\n\tserver_name a;\n}\n';
  const payload = payloadOf(text, ['http']);

  assert.deepEqual(errorsOf(payload), [
    [2, 'directive "listen" is not terminated by ";" in x.conf:2'],
    [3, 'directive "listen" is not terminated by ";" in x.conf:3'],
  ]);
  assert.deepEqual(payload.config[0].parsed, [
    {
      directive: 'server',
      line: 1,
      args: [],
      block: [
        { directive: 'default', line: 2, args: [] },
        { directive: 'default', line: 3, args: [] },
        { directive: 'server_name', line: 4, args: ['a'] },
      ],
    },
  ]);

  // Without the bytes (or the table) the parser's error stands, as nginx words it.
  const tree = parseText(text, '/r/x.conf', { entryContext: ['http'] });
  const bare = buildPayload(tree, { entry: 'x.conf', analyze });

  assert.deepEqual(errorsOf(bare), [
    [2, 'directive "listen" is not terminated by ";" in x.conf:2'],
    [2, 'unexpected "{" in x.conf:2'],
  ]);
  assert.deepEqual(bare.config[0].parsed, []);
});

test('a { block in a map body stays nginx\'s unexpected "{": nothing is rejected before it', () => {
  const text = 'map $a $b {\n  x { y; }\n}\n';
  const payload = payloadOf(text, ['http']);

  assert.deepEqual(errorsOf(payload), [[2, 'unexpected "{" in x.conf:2']]);
  assert.deepEqual(payload.config[0].parsed, []);
});
