import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guard, parseText, type DeployContext } from '../../src/deploy/context.js';
import { loadParser, type Parser } from '../../src/deploy/grammar.js';
import { pythonNestingError } from '../../src/deploy/limits.js';
import { createPathResolver } from '../../src/deploy/paths.js';
import { FileText } from '../../src/deploy/text.js';
import { diskFileSystem } from '../../src/include/fs.js';

// Node has WebAssembly; this project's TypeScript libs do not declare it.
const wasm = (globalThis as unknown as { WebAssembly: { RuntimeError: ErrorConstructor } })
  .WebAssembly;

function newContext(): DeployContext {
  return {
    root: '/t',
    fs: diskFileSystem,
    paths: createPathResolver('/t', [], [], () => {}),
    kinds: new Map([['/t/main.py', 'python']]),
    outside: new Set(),
    problems: [],
    units: [],
    texts: new Map(),
    scripts: new Map(),
    modules: new Map(),
    envFiles: new Map(),
  };
}

const where = (context: DeployContext) =>
  context.problems.map((p) => {
    const l = p.location;

    return `${p.fileKind} ${l.file}:${l.line}:${l.column}-${l.endLine}:${l.endColumn} ${p.message}`;
  });

test('a fault inside the WebAssembly parser is a problem, and both parsers are replaced', async () => {
  const context = newContext();
  const bash = await loadParser('bash');
  const broken = {
    parse() {
      throw new wasm.RuntimeError('memory access out of bounds');
    },
    delete() {},
  } as unknown as Parser;

  await loadParser('python');
  context.python = broken;
  context.bash = bash;

  const tree = parseText(context, 'python', new FileText('/t/main.py', 'import os\nx = 1\n'));

  assert.equal(tree, undefined);
  assert.deepEqual(where(context), [
    'python /t/main.py:1:1-1:10 the parser failed (memory access out of bounds)',
  ]);
  assert.notEqual(context.python, broken);
  assert.notEqual(context.bash, bash);

  // The new parsers work, and later runs get them too.
  const again = parseText(context, 'python', new FileText('/t/main.py', 'x = 1\n'));

  assert.equal(again?.rootNode.type, 'module');
  again?.delete();
  assert.equal(await loadParser('python'), context.python);
  assert.equal(context.bash?.parse('echo hi')?.rootNode.type, 'program');
});

test('whatever a reader throws is a problem in its file, with the fallback as result', () => {
  const context = newContext();
  const result = guard(context, '/t/main.py', 'fallback', () => {
    throw new RangeError('Maximum call stack size exceeded');
  });

  assert.equal(result, 'fallback');
  assert.deepEqual(where(context), [
    'python /t/main.py:1:1-1:1 not read: Maximum call stack size exceeded',
  ]);
  assert.equal(
    guard(context, '/t/main.py', 'fallback', () => 'read'),
    'read',
  );
});

test('Python nesting: 99 indentation levels and 200 brackets pass, one more is what CPython refuses', () => {
  const blocks = (levels: number) =>
    Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}if x:\n`).join('') +
    `${'  '.repeat(levels)}pass\n`;

  assert.equal(pythonNestingError(blocks(99)), undefined);
  const deep = blocks(100);

  assert.deepEqual(pythonNestingError(deep), {
    start: deep.length - '  '.repeat(100).length - 'pass\n'.length,
    end: deep.length - 'pass\n'.length,
    message: 'too many levels of indentation',
  });
  assert.equal(pythonNestingError(`x = ${'('.repeat(200)}1${')'.repeat(200)}\n`), undefined);
  assert.deepEqual(pythonNestingError(`x = ${'('.repeat(201)}1${')'.repeat(201)}\n`), {
    start: 204,
    end: 205,
    message: 'too many nested parentheses',
  });

  // Brackets in strings and comments, and lines inside brackets or strings, do not count.
  const quoted = `s = "${'('.repeat(300)}"  # ${'['.repeat(300)}\nt = """\n${'  '.repeat(150)}x\n"""\n`;
  const bracketed = `x = [\n${Array.from({ length: 150 }, (_, i) => `${' '.repeat(i + 1)}${i},\n`).join('')}]\n`;

  assert.equal(pythonNestingError(quoted), undefined);
  assert.equal(pythonNestingError(bracketed), undefined);
});
