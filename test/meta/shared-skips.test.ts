// scripts/run-tests.js leaves out the test files that need ../shared (the corpus and the SARIF
// schema) when a clone has none beside it, and says so on stderr. So that the suite's own
// summary counts them too, each is listed here as a skipped test in that case.
import { test } from 'node:test';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_ROOT, CORPUS } from '../helpers.js';

const shared = existsSync(join(CORPUS, 'MANIFEST.md'));
const testDir = join(BUILD_ROOT, 'test');
const needing = [
  ...readdirSync(join(testDir, 'corpus'))
    .filter((name) => name.endsWith('.test.js'))
    .map((name) => `corpus/${name}`),
  'reporters/sarif.test.js',
];

if (!shared) {
  for (const file of needing) {
    test(`${file} (needs ../shared)`, { skip: '../shared is not beside this clone' }, () => {});
  }
}
