// `ngxlint format` is a fixed point after one pass: formatting its output again changes nothing.
// Generated trees (comments after `;`, `{` and `}`, between words, at a file's end without a
// newline, Lua blocks) with a fixed seed so a failure replays, and every corpus file format
// accepts. `npm run fuzz` checks the same on generated trees and corpus files for longer.
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { genTree, printTree } from '../../scripts/fuzz-arbitraries.js';
import { checkIdempotent, loadCorpus } from '../../scripts/fuzz-properties.js';
import { CORPUS } from '../helpers.js';

test('format of a generated tree formats to itself', () => {
  fc.assert(
    fc.property(genTree, fc.boolean(), fc.boolean(), (tree, crlf, lastNewline) => {
      const text = printTree(tree, crlf);

      assert.ok(
        checkIdempotent(Buffer.from(lastNewline ? text : text.replace(/\r?\n$/, ''))),
        'format refused',
      );
    }),
    { seed: 20240611, numRuns: 1000 },
  );
});

test('format of every corpus file it accepts formats to itself', (t) => {
  if (!existsSync(CORPUS)) return t.skip(`${CORPUS} is not beside this clone`);

  const checked = loadCorpus(Infinity).filter(checkIdempotent).length;

  t.diagnostic(`${checked} corpus files format to themselves`);
  assert.ok(checked > 800, `only ${checked} corpus files were formatted`);
});
