// Long lines cost linear time: columns on a line are counted from the last one asked for,
// whether the next offset is ahead of it or behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, type LexError } from '../../src/syntax/lexer.js';

test('a line of 200,000 stray braces lexes in linear time with exact columns', () => {
  const count = 200_000;
  const errors: LexError[] = [];
  const start = performance.now();
  const tokens = tokenize(Buffer.from(`é${'{'.repeat(count)}`), { onError: (e) => errors.push(e) });
  const took = performance.now() - start;

  assert.ok(took < 2000, `took ${Math.round(took)} ms`);
  assert.equal(tokens.filter((t) => t.kind === '{').length, count);

  const last = tokens[tokens.length - 1];

  assert.deepEqual(
    [last.kind, last.line, last.column, last.endColumn],
    ['{', 1, count + 1, count + 2],
  );
  assert.ok(errors.length >= count - 1);
  assert.equal(errors[errors.length - 1].column, count + 1);
});
