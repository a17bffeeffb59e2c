// The properties the fuzzer checks, shared by `npm run fuzz` (minutes) and the short property
// test in `npm test` (seconds). Each case must finish within a time bound; hangs are caught
// by the harness in fuzz-run.ts, which runs these in a worker it can stop.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { tokenize } from '../src/syntax/lexer.js';
import { parseText } from '../src/syntax/config.js';
import { walkConfig } from '../src/syntax/walk.js';
import { memoryFileSystem } from '../src/include/memory-fs.js';
import type { Node, ParsedConfig } from '../src/syntax/tree.js';
import { packageRoot } from '../src/package-root.js';
import { formatSource, formatStatements, type PayloadDirective } from '../src/payload/index.js';
import { encodeText } from '../src/syntax/utf8.js';
import {
  corpusMutation,
  genTree,
  printTree,
  randomBytes,
  tokenSoup,
  type GenComment,
  type GenDirective,
} from './fuzz-arbitraries.js';

export interface FuzzProperty {
  name: string;
  property: (caseMs: number, onCase: () => void) => fc.IProperty<[unknown]>;
}

/** Corpus files small enough to mutate thousands of times (the 1.3 MB one is left out). */
export function loadCorpus(maxBytes = 64 * 1024): Buffer[] {
  const corpus = join(packageRoot(import.meta.url), '..', 'shared', 'corpus');
  const list = join(corpus, 'oracle', 'files.tsv');

  if (!existsSync(list)) return [];

  return readFileSync(list, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((row) => join(corpus, row.split('\t')[0]))
    .filter(existsSync)
    .map((path) => readFileSync(path))
    .filter((bytes) => bytes.length <= maxBytes);
}

const ENTRY = '/fuzz/nginx.conf';

// Targets the soups' includes can reach: a file, a glob, a cycle, a folder, a FIFO, errors.
const fuzzFs = memoryFileSystem({
  '/fuzz/a.conf': 'include a.conf;\nlisten 80;\n',
  '/fuzz/conf.d/one.conf': 'server { listen 127.0.0.1:8000; }\n',
  '/fuzz/conf.d/two.conf': 'include conf.d/*.conf;\n',
  '/fuzz/conf.d/sub/x': 'x;',
  '/fuzz/mime.types': { fifo: true },
  '/fuzz/*': 'literal star;',
  '/etc/nginx/mime.types': { error: 'EIO', syscall: 'read' },
  '/fuzz/loop': { link: 'loop' },
});

/** Parses bytes as the entry file, following includes inside the fuzz file system. */
export function parseCase(bytes: Buffer): ParsedConfig {
  return parseText(bytes, ENTRY, { fs: fuzzFs });
}

/** What every parse must give, whatever the input: a sound tree and located errors. */
export function checkParse(config: ParsedConfig): void {
  if (!config.files[0]) throw new Error('no entry file in the result');

  for (const error of config.errors) {
    if (!(error.line >= 1 && error.column >= 1))
      throw new Error(`error without a place: ${error.message}`);
    if (!error.message || /\n/.test(error.message))
      throw new Error(`bad message: ${error.message}`);
  }

  let count = 0;

  walkConfig(config, (directive) => {
    count += 1;

    if (!(directive.line >= 1 && directive.column >= 1 && directive.endLine >= directive.line)) {
      throw new Error(`directive "${directive.name}" has no sound range`);
    }
  });

  // The tree must serialise: JSON.stringify recurses, so depth must be bounded.
  JSON.stringify(config.files.map((f) => f.nodes));

  if (count < 0) throw new Error('unreachable');
}

function timed(caseMs: number, what: string, fn: () => void): void {
  const start = performance.now();

  fn();

  const took = performance.now() - start;

  if (took > caseMs) throw new Error(`${what} took ${Math.round(took)} ms (bound ${caseMs} ms)`);
}

/** One file's payload statements, as `ngxlint format` sees them (null when it has errors). */
function statements(bytes: Buffer): PayloadDirective[] | null {
  const { errors, statements: parsed } = formatSource(bytes, ENTRY);

  return errors.length > 0 ? null : parsed;
}

/** `ngxlint format` on one file's bytes, as its command does it: null for a file with errors. */
export function formatBytes(bytes: Buffer): Buffer | null {
  const stmts = statements(bytes);

  return stmts && encodeText(`${formatStatements(stmts, { indent: 4 })}\n`);
}

/**
 * format is a fixed point: formatting its output again gives the same bytes. False when format
 * refuses the file (it has errors).
 */
export function checkIdempotent(bytes: Buffer): boolean {
  const once = formatBytes(bytes);

  if (!once) return false;

  const twice = formatBytes(once);

  if (!twice) throw new Error('the formatted text does not parse');
  if (!twice.equals(once)) {
    const [a, b] = [once, twice].map((text) => text.toString().split('\n'));
    const at = a.findIndex((line, i) => line !== b[i]);

    throw new Error(`format again changes line ${at + 1}: ${a[at]} | became ${b[at]}`);
  }

  return true;
}

/**
 * Format then parse gives the same tree: nginx's words (names and argument values) in the same
 * blocks. The file is parsed alone (its includes are not followed). Comments are left out:
 * format moves those that sat between a directive's words onto lines of their own.
 */
export function checkRoundTrip(bytes: Buffer): boolean {
  const before = parseText(bytes, ENTRY);
  const formatted = formatBytes(bytes);

  // nginx refuses an `if` whose condition is not in parentheses; format adds them.
  if (!formatted || hasUnwrappedIf(shapeOf(before.files[0].nodes))) return false;

  const after = parseText(formatted, ENTRY);

  if (after.errors.length > 0) {
    throw new Error(`the formatted text does not parse: ${after.errors[0].message}`);
  }
  assertSame(
    nginxReading(shapeOf(after.files[0].nodes)),
    nginxReading(shapeOf(before.files[0].nodes)),
  );

  return true;
}

function hasUnwrappedIf(shapes: Shape[]): boolean {
  return shapes.some((shape) => {
    const args = shape.args ?? [];
    const unwrapped =
      shape.name === 'if' && !(args[0]?.startsWith('(') && args.at(-1)?.endsWith(')'));

    return unwrapped || hasUnwrappedIf(shape.block ?? []);
  });
}

/**
 * Directives as nginx reads them: comments left out, an `if`'s arguments without the `(` the
 * first starts with and the `)` the last ends with (format writes `if ($a = b)` where the file
 * had `if ( $a = "b" )`).
 */
function nginxReading(shapes: Shape[]): Shape[] {
  return shapes
    .flatMap((shape) => (shape.comment === undefined ? [shape] : []))
    .map((shape) => {
      const block = shape.block && nginxReading(shape.block);

      if (shape.name !== 'if' || !shape.args?.length) return block ? { ...shape, block } : shape;

      const args = [...shape.args];

      args[0] = args[0].replace(/^\(/, '');
      args[args.length - 1] = args[args.length - 1].replace(/\)$/, '');

      return {
        ...shape,
        args: args.filter((a, i) => a !== '' || (i > 0 && i < args.length - 1)),
        ...(block ? { block } : {}),
      };
    });
}

function crashProperty(
  name: string,
  arbitrary: fc.Arbitrary<Buffer>,
  /** roundTrip: format gives nginx's words back, and formats to itself. */
  options: { roundTrip?: boolean } = {},
): FuzzProperty {
  return {
    name,
    property: (caseMs, onCase) =>
      fc.property(arbitrary, (bytes) => {
        onCase();
        timed(caseMs, `${name} (${bytes.length} bytes)`, () => {
          tokenize(bytes);
          checkParse(parseCase(bytes));
          if (options.roundTrip) {
            checkRoundTrip(bytes);
            checkIdempotent(bytes);
          }
        });
      }) as fc.IProperty<[unknown]>,
  };
}

interface Shape {
  name?: string;
  args?: string[];
  block?: Shape[];
  comment?: string;
}

/** A tree without positions or quoting style (format may requote): what must survive. */
export function shapeOf(nodes: Node[]): Shape[] {
  return nodes.map((node) => {
    if (node.kind === 'comment') return { comment: node.text };

    return {
      name: node.name,
      args: node.args.map((a) => a.value),
      ...(node.block ? { block: shapeOf(node.block) } : {}),
    };
  });
}

/** The shape a generated tree must parse to. */
export function expectedShape(nodes: (GenDirective | GenComment)[]): Shape[] {
  return nodes.map((node) => {
    if ('comment' in node) return { comment: node.comment };
    if (node.lua !== undefined) return { name: node.name, args: [node.lua] };

    return {
      name: node.name,
      args: node.args.map((a) => a.value),
      ...(node.block ? { block: expectedShape(node.block) } : {}),
    };
  });
}

const generatedParse: FuzzProperty = {
  name: 'generated trees parse as written and round-trip',
  property: (caseMs, onCase) =>
    fc.property(genTree, fc.boolean(), (tree, crlf) => {
      onCase();
      timed(caseMs, 'generated tree', () => {
        const bytes = Buffer.from(printTree(tree, crlf));
        const config = parseCase(bytes);

        if (config.errors.length) throw new Error(`errors: ${config.errors[0].message}`);
        assertSame(shapeOf(config.files[0].nodes), expectedShape(tree));
        checkRoundTrip(bytes);
        checkIdempotent(bytes);
      });
    }) as unknown as fc.IProperty<[unknown]>,
};

export function assertSame(actual: unknown, expected: unknown): void {
  const [a, b] = [JSON.stringify(actual), JSON.stringify(expected)];

  if (a !== b)
    throw new Error(`trees differ:\n  got      ${a.slice(0, 400)}\n  expected ${b.slice(0, 400)}`);
}

/** Every property, in the order the harness rotates through them. */
export function fuzzProperties(corpus: Buffer[]): FuzzProperty[] {
  const properties = [
    crashProperty('token soups', tokenSoup),
    crashProperty('random bytes', randomBytes),
    generatedParse,
  ];

  if (corpus.length) {
    const mutations = corpusMutation(corpus).map((m) => m.bytes);

    // Known shortcoming of format: some mutated files do not survive it (a bare `\\` word comes
    // back as `'\'`), so mutations are checked for crashes and hangs, not the round trip.
    properties.push(crashProperty('corpus mutations', mutations));
    properties.push(
      crashProperty('corpus files round-trip', fc.constantFrom(...corpus), { roundTrip: true }),
    );
  }

  return properties;
}
