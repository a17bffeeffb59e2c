// A short run of the fuzzer (`npm run fuzz` runs it for ten minutes): token soups, random
// bytes, mutated corpus files and generated trees never crash, hang or mis-parse. The seed is
// fixed so a failure here replays; the long run varies it.
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFuzz } from '../../scripts/fuzz-run.js';
import { loadCorpus } from '../../scripts/fuzz-properties.js';
import { CORPUS } from '../helpers.js';

test('a few seconds of every fuzz property pass', async (t) => {
  const result = await runFuzz({
    durationMs: 8000,
    seed: 20240611,
    sliceMs: 1000,
    caseMs: 2000,
    hangMs: 20_000,
  });

  assert.equal(result.failure, undefined, result.failure);

  const expected = [
    'token soups',
    'random bytes',
    'generated trees parse as written and round-trip',
    ...(loadCorpus().length ? ['corpus mutations', 'corpus files round-trip'] : []),
  ];

  for (const name of expected) {
    assert.ok((result.cases.get(name) ?? 0) > 10, `${name} ran ${result.cases.get(name)} cases`);
  }

  // Beside ../shared the corpus properties must have had the whole corpus to work on.
  if (existsSync(CORPUS)) assert.ok(loadCorpus().length > 800, 'the corpus is read whole');
  else t.diagnostic(`SKIPPED the corpus properties: ${CORPUS} is not beside this clone`);
});
