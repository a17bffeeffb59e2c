import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig, parseText } from '../../src/syntax/index.js';
import { memoryFileSystem } from '../../src/include/memory-fs.js';
import {
  buildPayload,
  enquote,
  formatSource,
  formatStatements,
  pythonJson,
} from '../../src/payload/index.js';

/** The words nginx reads, directive by directive. */
const words = (text: string) =>
  parseText(text, '/s/x.conf').files[0].nodes.flatMap((n) =>
    n.kind === 'directive' ? [[n.name, ...n.args.map((a) => a.value)]] : [],
  );

test('if conditions lose their parentheses; inner comments follow the directive', () => {
  const config = parseText('if ( $a = b ) # why\n{ return 403; }\n', '/p/x.conf');
  const [stmt, comment] = buildPayload(config, { entry: 'x.conf' }).config[0].parsed;

  assert.deepEqual(stmt.args, ['$a', '=', 'b']);
  assert.deepEqual(comment, { directive: '#', line: 1, args: [], comment: ' why' });
});

test('files are spelled from the entry as given; --combine inlines includes; --ignore drops', () => {
  const fs = memoryFileSystem({
    '/q/conf/nginx.conf': 'http {\n    include sites/*.conf;\n}\n',
    '/q/conf/sites/a.conf': 'server { listen 80; }\n',
  });
  const config = parseConfig('/q/conf/nginx.conf', { fs });
  const plain = buildPayload(config, { entry: 'conf/nginx.conf' });

  assert.deepEqual(
    plain.config.map((c) => c.file),
    ['conf/nginx.conf', 'conf/sites/a.conf'],
  );
  assert.deepEqual(plain.config[0].parsed[0].block?.[0].includes, [1]);

  const combined = buildPayload(config, {
    entry: 'conf/nginx.conf',
    combine: true,
    ignore: ['listen'],
  });

  assert.deepEqual(combined.config[0].parsed, [
    {
      file: 'conf/nginx.conf',
      directive: 'http',
      line: 1,
      args: [],
      block: [{ file: 'conf/sites/a.conf', directive: 'server', line: 1, args: [], block: [] }],
    },
  ]);
});

test("a lexer error empties parsed and keeps the error with crossplane's line", () => {
  const payload = buildPayload(parseText('http {\n  server {}\n# end\n\n', '/r/x.conf'), {
    entry: 'x.conf',
  });

  assert.deepEqual(payload.config[0], {
    file: 'x.conf',
    status: 'failed',
    errors: [{ error: 'unexpected end of file, expecting "}" in x.conf:3', line: 3 }],
    parsed: [],
  });
});

test('arguments are quoted back as crossplane quotes them', () => {
  assert.deepEqual(['a', '', 'a b', "it's", 'a${x}', '${x}', 'a;b', '$'].map(enquote), [
    'a',
    "''",
    "'a b'",
    `"it's"`,
    'a${x}',
    "'${x}'",
    "'a;b'",
    "'$'",
  ]);
  assert.equal(pythonJson({ a: 'é' }), '{"a":"\\u00e9"}');
});

test('format writes standard indentation and keeps a trailing comment on its line', () => {
  const config = parseText('http{server{listen 80;# web\n}}\n', '/s/x.conf');
  const stmts = buildPayload(config, { includeComments: true, singleFile: true }).config[0].parsed;

  assert.equal(formatStatements(stmts), 'http {\n    server {\n        listen 80; # web\n    }\n}');
});

/** `ngxlint format` on a text, as its command writes it. */
function format(text: string): string {
  const { errors, statements } = formatSource(Buffer.from(text), '/s/x.conf');

  assert.deepEqual(errors, []);

  return `${formatStatements(statements)}\n`;
}

test('format keeps a comment on the line of the `}` or `;` before it, run after run', () => {
  const cases: Array<[source: string, formatted: string]> = [
    ['server { listen 8080; } # old\n', 'server {\n    listen 8080;\n} # old\n'],
    ['location / { } # note', 'location / {\n} # note\n'],
    [
      'http { server { listen 80; } # a\n} # b\n',
      'http {\n    server {\n        listen 80;\n    } # a\n} # b\n',
    ],
    ['map $a $b { default 0; } # m\n', 'map $a $b {\n    default 0;\n} # m\n'],
    ['listen\n  80; # c\n', 'listen 80; # c\n'],
    ['content_by_lua_block {\n  f()\n} # lua\n', 'content_by_lua_block {\n  f()\n} # lua\n'],
    // A comment before a block's `{` is listed after the block: on a line of its own there.
    ['server # why\n{ listen 80; }\n', 'server {\n    listen 80;\n}\n# why\n'],
    ['server { # open\n}\n', 'server { # open\n}\n'],
  ];

  for (const [source, formatted] of cases) {
    assert.equal(format(source), formatted, source);
    assert.equal(format(formatted), formatted, `format again: ${formatted}`);
  }
});

test('format quotes a raw or escaped newline or tab, so a second format does too', () => {
  // nginx decodes `\n` and `\t` in bare words as in quoted ones: either way a blank it reads.
  const cases: Array<[source: string, formatted: string]> = [
    ['add_header X "a\nb";\n', "add_header X 'a\\nb';\n"],
    ['add_header X a\\tb;\n', "add_header X 'a\\tb';\n"],
  ];

  for (const [source, formatted] of cases) {
    assert.equal(format(source), formatted, source);
    assert.equal(format(formatted), formatted, `format again: ${formatted}`);
  }
});

test('format keeps the words nginx reads: `${` then a space, a backslash before a newline', () => {
  // nginx reads `${ x` as two words (crossplane's lexer as one), and `"a \<LF>b"` as a
  // backslash and a newline, which a written `\n` after the backslash would not give back.
  // and an escaped quote in a string that holds both quotes, which `\\'` would end early.
  const source =
    'server_name ${ x;\nadd_header X "a \\\nb";\nadd_header Y "c\nd\te";\n' +
    'return 200 "it\\\'s \\"ok\\"";\n';
  const { statements } = formatSource(Buffer.from(source), '/s/x.conf');
  const formatted = formatStatements(statements);

  assert.deepEqual(words(formatted), words(source));
  assert.deepEqual(words(source), [
    ['server_name', '${', 'x'],
    ['add_header', 'X', 'a \\\nb'],
    ['add_header', 'Y', 'c\nd\te'],
    ['return', '200', `it's "ok"`],
  ]);
});

test('format quotes the words before a Lua block as any other: "$a b" stays one word', () => {
  const source = 'set_by_lua_block "$a b" { return 1 }\naccess_by_lua_block { ngx.exit(403) }\n';
  const formatted = format(source);

  assert.equal(
    formatted,
    "set_by_lua_block '$a b' { return 1 }\naccess_by_lua_block { ngx.exit(403) }\n",
  );
  assert.deepEqual(words(formatted), words(source));
});
