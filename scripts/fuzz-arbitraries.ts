// Inputs for the parser's property tests: token soups (the pieces nginx's tokenizer and the
// Lua reader care about, in any order), random bytes, mutations of real corpus files, and
// well-formed trees (comments on lines of their own, after `;`, `{` or `}`, between words)
// for the format-then-parse round trip and format's fixed point.
import fc from 'fast-check';

/** One edit of a corpus file; `at` is a fraction of the file's length. */
export interface Mutation {
  kind: 'delete' | 'insert' | 'duplicate' | 'swap' | 'truncate' | 'flip';
  at: number;
  length: number;
  insert: Uint8Array;
}

const PIECES: readonly (string | Uint8Array)[] = [
  ';',
  '{',
  '}',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '#',
  '# a comment\n',
  '"',
  "'",
  '\\',
  '\\"',
  "\\'",
  '\\\\',
  '\\n',
  '$',
  '$host',
  '${',
  '${var}',
  '}',
  '~',
  '~*',
  '^/a{2,3}$',
  '"^/b{1}$"',
  '(',
  ')',
  '[[',
  ']]',
  '[==[',
  ']==]',
  '[=[',
  '--',
  '--[[',
  '-- x\n',
  '=',
  'server',
  'location',
  'http',
  'events',
  'if',
  'map',
  'upstream',
  'listen',
  'proxy_pass',
  'include',
  'set',
  'return',
  'types',
  'content_by_lua_block',
  'access_by_lua_block',
  'init_by_lua_block',
  'server_name',
  '80',
  '127.0.0.1:8000',
  'http://127.0.0.1:8001',
  '/etc/nginx/mime.types',
  'conf.d/*.conf',
  'a.conf',
  '*',
  '""',
  "''",
  'é',
  '例',
  '😀',
  '\u0000',
  '\ufeff',
  '\u001b[31m',
  '\u202e',
  new Uint8Array([0xff]),
  new Uint8Array([0xc3]),
  new Uint8Array([0xe2, 0x82]),
  new Uint8Array([0xef, 0xbb, 0xbf]),
  new Uint8Array([0xed, 0xa0, 0x80]),
];

const encoder = new TextEncoder();

function toBytes(piece: string | Uint8Array): Uint8Array {
  return typeof piece === 'string' ? encoder.encode(piece) : piece;
}

function concat(parts: Uint8Array[]): Buffer {
  return Buffer.concat(parts);
}

const identifier = fc.stringMatching(/^[a-z_][a-z0-9_]{0,11}$/);

/** Sequences of nginx- and Lua-relevant pieces, identifiers and now and then a long token. */
export const tokenSoup: fc.Arbitrary<Buffer> = fc
  .array(
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...PIECES).map(toBytes) },
      { weight: 3, arbitrary: identifier.map(toBytes) },
      { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }).map(toBytes) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom('a', '"', "'", '{'), fc.integer({ min: 4000, max: 4200 }))
          .map(([c, n]) => toBytes(c.repeat(n))),
      },
    ),
    { maxLength: 300, size: 'medium' },
  )
  .map(concat);

/** Any bytes at all. */
export const randomBytes: fc.Arbitrary<Buffer> = fc
  .uint8Array({ maxLength: 4096 })
  .map((b) => Buffer.from(b));

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'duplicate', 'swap', 'truncate', 'flip'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.integer({ min: 1, max: 64 }),
  insert: fc.oneof(
    fc.constantFrom(...PIECES).map(toBytes),
    fc.uint8Array({ minLength: 1, maxLength: 16 }),
  ),
}) as fc.Arbitrary<Mutation>;

/** Applies one mutation to `bytes` (positions are fractions of the length). */
export function mutate(bytes: Buffer, m: Mutation): Buffer {
  const at = Math.min(bytes.length, Math.floor(m.at * bytes.length));
  const end = Math.min(bytes.length, at + m.length);

  switch (m.kind) {
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(end)]);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), m.insert, bytes.subarray(at)]);
    case 'duplicate':
      return Buffer.concat([bytes.subarray(0, end), bytes.subarray(at, end), bytes.subarray(end)]);
    case 'swap': {
      const copy = Buffer.from(bytes);

      if (copy.length > 1) {
        const [i, j] = [at % copy.length, (at + m.length) % copy.length];

        [copy[i], copy[j]] = [copy[j], copy[i]];
      }

      return copy;
    }
    case 'truncate':
      return bytes.subarray(0, at);
    case 'flip': {
      const copy = Buffer.from(bytes);

      if (copy.length > 0) copy[at % copy.length] ^= 1 << (m.length % 8);

      return copy;
    }
  }
}

/** A corpus file (chosen by index) with one to four mutations applied. */
export function corpusMutation(
  files: readonly Buffer[],
): fc.Arbitrary<{ index: number; bytes: Buffer }> {
  return fc
    .tuple(fc.nat({ max: files.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([index, mutations]) => ({
      index,
      bytes: mutations.reduce((b, m) => mutate(b, m), files[index]),
    }));
}

/** A directive of a well-formed generated tree. */
export interface GenDirective {
  name: string;
  args: GenArg[];
  block?: (GenDirective | GenComment)[];
  /** A Lua block body, balanced, printed between `{` and `}` as one argument. */
  lua?: string;
  /** A comment printed between the name and the arguments. */
  inner?: string;
}

export interface GenArg {
  value: string;
  quote: '"' | "'" | null;
}

export interface GenComment {
  comment: string;
  /** Printed on the line of the `;`, `{` or `}` before it (not after a comment: it would merge). */
  trailing: boolean;
}

// Bare words avoid what ends or splits one: blanks, ; { } quotes, #, \ and `${`.
const bareWord = fc.stringMatching(
  /^[A-Za-z0-9_./:=~^*@%+,!?&|\-][A-Za-z0-9_./:=~^*@%+,!?&|$#\-]{0,15}$/,
);
// Quoted values may hold anything nginx keeps inside quotes; printing escapes the quote.
const quotedValue = fc.string({
  maxLength: 24,
  unit: fc.constantFrom(...'ab ;{}#$\'"\\\t\n/é例x'.split('')),
});

const arg: fc.Arbitrary<GenArg> = fc.oneof(
  bareWord.map((value) => ({ value, quote: null })),
  quotedValue.map((value) => ({ value, quote: '"' as const })),
  quotedValue.map((value) => ({ value, quote: "'" as const })),
);

const luaPiece = fc.constantFrom(
  'local x = 1',
  'ngx.say("}")',
  "ngx.say('{')",
  '-- a } comment\n',
  '--[[ long } ]]',
  '[[ str } ]]',
  '[==[ ] } ]==]',
  'if a then b() end',
  't = { a = { 1, 2 } }',
  '"\\"}"',
  '\n',
);
const luaBody = fc.array(luaPiece, { maxLength: 8 }).map((p) => ` ${p.join(' ')} `);
// Names the parser reads specially: include, if, Lua blocks, and the blocks whose entries
// nginx reads as key-value pairs (a block inside them is nginx's `unexpected "{"`).
const SPECIAL = new Set(['include', 'if', 'map', 'geo', 'types', 'split_clients', 'charset_map']);
const directiveName = identifier.filter((n) => !SPECIAL.has(n) && !n.endsWith('_by_lua_block'));
const commentText = fc.string({
  maxLength: 20,
  unit: fc.constantFrom(...'ab #;{}"\' x'.split('')),
});
const innerComment = fc.oneof(
  { weight: 5, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: commentText },
);

/** Well-formed trees of directives, blocks, comments and Lua blocks, a few levels deep. */
export const genTree: fc.Arbitrary<(GenDirective | GenComment)[]> = fc.letrec<{
  node: GenDirective | GenComment;
  nodes: (GenDirective | GenComment)[];
}>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ name: directiveName, args: fc.array(arg, { maxLength: 4 }), inner: innerComment }),
    fc.record({
      name: directiveName,
      args: fc.array(arg, { maxLength: 3 }),
      block: tie('nodes'),
      inner: innerComment,
    }),
    fc.tuple(luaBody, innerComment).map(([lua, inner]): GenDirective => ({
      name: 'content_by_lua_block',
      args: [],
      lua,
      inner,
    })),
    fc.record({ comment: commentText, trailing: fc.boolean() }),
  ),
  nodes: fc.array(tie('node'), { maxLength: 5 }),
})).nodes;

function printArg(a: GenArg): string {
  if (a.quote === null) return a.value;

  const escaped = a.value.replace(/\\/g, '\\\\').replace(new RegExp(a.quote, 'g'), `\\${a.quote}`);

  return `${a.quote}${escaped}${a.quote}`;
}

/** Prints a generated tree with varied whitespace (the parse must not care). */
export function printTree(nodes: (GenDirective | GenComment)[], crlf = false): string {
  const nl = crlf ? '\r\n' : '\n';
  const text = printLines(nodes, 0, nl);

  // Lines are printed after their newline: the first one moves to the end.
  return text.startsWith(nl) ? text.slice(nl.length) + nl : text && text + nl;
}

/** Each line after a newline, so that a trailing comment can go on the line before it. */
function printLines(nodes: (GenDirective | GenComment)[], depth: number, nl: string): string {
  const pad = '\t'.repeat(depth);

  return nodes
    .map((node, i) => {
      if ('comment' in node) {
        const joins = node.trailing && !(i > 0 && 'comment' in nodes[i - 1]);

        return joins ? ` #${node.comment}` : `${nl}${pad}#${node.comment}`;
      }

      const inner = node.inner === undefined ? [] : [`#${node.inner}${nl}`];
      const head = [node.name, ...inner, ...node.args.map(printArg)].join(depth % 2 ? '  ' : ' ');

      if (node.lua !== undefined) return `${nl}${pad}${head} {${node.lua}}`;
      if (node.block)
        return `${nl}${pad}${head} {${printLines(node.block, depth + 1, nl)}${nl}${pad}}`;

      return `${nl}${pad}${head};`;
    })
    .join('');
}
