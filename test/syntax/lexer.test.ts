import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseText } from '../../src/syntax/index.js';
import { nameRangeOf, type Directive, type ParseError } from '../../src/syntax/tree.js';

const FILE = '/cfg/nginx.conf';

function parse(text: string | Buffer) {
  return parseText(text, FILE);
}

function dirs(text: string | Buffer): Directive[] {
  return parse(text).files[0].nodes.filter((n): n is Directive => n.kind === 'directive');
}

function at(e: ParseError): string {
  return `${e.line}:${e.column}-${e.endLine}:${e.endColumn} ${e.message}`;
}

test('quoted braces in a regex location stay one argument', () => {
  const [loc] = dirs('location ~ "^/a{3}$" {\n}\n');

  assert.deepEqual(
    loc.args.map((a) => [a.value, a.raw, a.quote, a.column, a.endColumn]),
    [
      ['~', '~', null, 10, 11],
      ['^/a{3}$', '"^/a{3}$"', '"', 12, 21],
    ],
  );
  assert.deepEqual([loc.line, loc.column, loc.endLine, loc.endColumn], [1, 1, 2, 2]);
});

test('an unquoted {3} splits the word where nginx splits it; the rest is the next directive', () => {
  const config = parse('location ~ ^/a{3}$ {\n    return 200;\n}\n');
  const [loc] = dirs('location ~ ^/a{3}$ {\n    return 200;\n}\n');

  assert.deepEqual(
    loc.args.map((a) => a.value),
    ['~', '^/a'],
  );

  const inner = loc.block?.[0] as Directive;

  assert.equal(inner.name, '3}$');
  assert.deepEqual(nameRangeOf(inner), { line: 1, column: 16, endLine: 1, endColumn: 19 });
  assert.deepEqual([inner.endLine, inner.endColumn], [3, 2]);
  assert.deepEqual(config.errors.map(at), [
    '4:1-4:1 unexpected end of file, expecting "}" (an unquoted "{" split "^/a{3}$" on line 1: quote the pattern)',
  ]);
});

test('# inside a word is literal; at a token start it begins a comment', () => {
  const config = parse('server_name a#b; # note\n');
  const [d] = dirs('server_name a#b; # note\n');
  const comment = config.files[0].nodes[1];

  assert.equal(d.args[0].value, 'a#b');
  assert.deepEqual(comment, {
    kind: 'comment',
    text: ' note',
    line: 1,
    column: 18,
    endLine: 1,
    endColumn: 24,
  });
});

test("a comment between a block's arguments and its { is kept on the directive", () => {
  const [d] = dirs('location /x # why\n{\n}\n');

  assert.deepEqual(
    d.innerComments?.map((c) => [c.text, c.line, c.column]),
    [[' why', 1, 13]],
  );
  assert.ok(d.block);
});

test('a missing ; before } is nginx\'s unexpected "}" at the brace', () => {
  const config = parse('http {\n    listen 80\n}\n');

  assert.deepEqual(config.errors.map(at), ['3:1-3:2 unexpected "}"']);
  assert.equal(dirs('http {\n    listen 80\n}\n')[0].block?.length, 1);
});

test('a file with no final newline parses; a directive cut by end of file is reported', () => {
  assert.deepEqual(parse('user nginx;').errors, []);
  assert.deepEqual(parse('events {}\nuser nginx').errors.map(at), [
    '2:11-2:11 unexpected end of file, expecting ";" or "}"',
  ]);
});

test('CRLF is one line break and CR is whitespace', () => {
  const [a, b] = dirs('user\r\n  nginx;\r\nworker_processes 2;\r\n');

  assert.deepEqual([a.args[0].line, a.args[0].column, b.line, b.column], [2, 3, 3, 1]);
});

test('a BOM is reported, and columns on line 1 count from after it', () => {
  const config = parse(Buffer.from('\ufeffuser nginx;\n', 'utf8'));

  assert.deepEqual(config.errors.map(at), [
    '1:1-1:1 unexpected byte order mark (nginx reads it as part of the first name)',
  ]);
  assert.deepEqual(
    [dirs(Buffer.from('\ufeffuser nginx;\n'))[0].name, config.files[0].nodes[0].column],
    ['user', 1],
  );
});

test('empty strings and escapes in quoted and bare words', () => {
  const [d] = dirs(`add_header "" 'a\\'b' "c\\"d\\n" e\\\\f g\\x;\n`);

  assert.deepEqual(
    d.args.map((a) => [a.value, a.raw]),
    [
      ['', '""'],
      ["a'b", `'a\\'b'`],
      ['c"d\n', '"c\\"d\\n"'],
      ['e\\f', 'e\\\\f'],
      ['g\\x', 'g\\x'],
    ],
  );
  assert.deepEqual([d.args[0].column, d.args[0].endColumn], [12, 14]);
});

test('${var} inside a word, and a } inside a word, are literal', () => {
  const [d] = dirs('set $a ${b}c}d;\n');

  assert.deepEqual(
    d.args.map((a) => a.value),
    ['$a', '${b}c}d'],
  );
});

test('map bodies with quoted and regex keys', () => {
  const [map] = dirs('map $uri $x {\n    "~^/a{2}" 1;\n    ~*\\.php$ 2;\n    default 0;\n}\n');

  assert.deepEqual(
    map.block?.map((n) => (n as Directive).name),
    ['~^/a{2}', '~*\\.php$', 'default'],
  );
  assert.deepEqual(nameRangeOf(map.block?.[1] as Directive), {
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 13,
  });
});

test('a block inside a map body is nginx\'s unexpected "{"', () => {
  assert.deepEqual(parse('map $a $b {\n    x {\n    }\n}\n').errors.map(at), [
    '2:7-2:8 unexpected "{"',
  ]);
});

test('Lua blocks: quotes in comments, long strings and braces in strings stay in one argument', () => {
  const body = `\n    -- it's a "comment" with }\n    local s = [==[ } ]] ]==]\n    ngx.say("}{")\n`;
  const config = parse(`content_by_lua_block {${body}}\nuser x;\n`);
  const [lua, user] = dirs(`content_by_lua_block {${body}}\nuser x;\n`);

  assert.deepEqual(config.errors, []);
  assert.equal(lua.args[0].value, body);
  assert.deepEqual(
    [lua.args[0].line, lua.args[0].column, lua.endLine, lua.endColumn],
    [1, 23, 5, 2],
  );
  assert.deepEqual([user.name, user.line], ['user', 6]);
});

test("a token at nginx's length limit passes and one byte more is too long", () => {
  // 4095 bytes then the terminator fill the 4096-byte buffer exactly.
  const fits = `${'a'.repeat(4095)};`;
  const long = `${'a'.repeat(4096)};`;

  assert.deepEqual(parse(`${fits}\n`).errors, []);
  assert.deepEqual(parse(`${long}\n`).errors.map(at), [
    '1:1-1:1 too long parameter "aaaaaaaaaa..." started',
  ]);
  assert.deepEqual(
    parse(`x "${'b'.repeat(5000)}";\n`).errors.map((e) => [e.kind, e.message, e.line]),
    [['limit', 'too long parameter, probably missing terminating """ character', 1]],
  );
});

test('the limit counts bytes, as nginx does, not characters', () => {
  const word = 'é'.repeat(2048);

  assert.equal(parse(`${word};\n`).errors[0]?.message.startsWith('too long parameter'), true);
});

test('a non-ASCII character before a finding shifts the column by UTF-16 units', () => {
  const config = parse('return 200 "é😀"x;\n');

  assert.deepEqual(config.errors.map(at), ['1:17-1:18 unexpected "x"']);
});

test('an unterminated quote at end of file is reported at the end', () => {
  assert.deepEqual(parse('return 200 "abc\n').errors.map(at), [
    '2:1-2:1 unexpected end of file, expecting ";" or "}"',
  ]);
});

test('bytes that are not UTF-8 are kept in the tree', () => {
  const config = parse(Buffer.from([0x72, 0x20, 0xff, 0x61, 0x3b, 0x0a]));
  const [d] = config.files[0].nodes as Directive[];

  assert.equal(config.files[0].invalidUtf8, true);
  assert.equal(d.args[0].value, '\udcffa');
  assert.deepEqual([d.args[0].column, d.args[0].endColumn], [3, 5]);
});
