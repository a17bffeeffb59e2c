import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { didYouMean, editDistance, suggestDirectives } from '../../src/nginx/suggest.js';
import { loadTable } from '../../src/nginx/table.js';

test('edit distance counts a swap of two neighbours as one edit and stops past its limit', () => {
  assert.equal(editDistance('proxy_passs', 'proxy_pass', 2), 1);
  assert.equal(editDistance('lsiten', 'listen', 2), 1);
  assert.equal(editDistance('prxy_pas', 'proxy_pass', 2), 2);
  assert.equal(editDistance('frobnicate', 'proxy_pass', 2), 3);
  assert.equal(editDistance('', 'root', 5), 4);
});

test('the closest names of the target; a difference in case alone comes first', () => {
  const table = loadTable({ version: '1.22.1' });

  assert.deepEqual(suggestDirectives('proxy_passs', table), ['proxy_pass']);
  assert.deepEqual(suggestDirectives('Proxy_Pass', table), ['proxy_pass']);
  assert.deepEqual(suggestDirectives('proxy_buffer', table), ['proxy_buffers']);
  // Short names allow one edit only: "sll" is two from "ssl" and "all" is no directive.
  assert.deepEqual(suggestDirectives('roo', table), ['root']);
  assert.deepEqual(suggestDirectives('xyz', table), []);
});

test('a name the target lacks is never suggested: ssl is gone in 1.25.1', () => {
  assert.equal(didYouMean('ssll', { version: '1.22.1' }), '; did you mean "ssl"?');
  assert.equal(didYouMean('ssll', { version: '1.26.3' }), '');
});

/** The textbook table of optimal string alignment distances, unbounded. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );

  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }

  return d[a.length][b.length];
}

test('the bounded distance agrees with the full table, long names included', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_', 'x'), maxLength: 90 });

  fc.assert(
    fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, limit) => {
      assert.equal(editDistance(a, b, limit), Math.min(referenceDistance(a, b), limit + 1));
    }),
    { numRuns: 2000 },
  );
});
