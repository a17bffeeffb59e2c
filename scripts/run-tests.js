#!/usr/bin/env node
// Runs every compiled test file under dist/test with Node's own test runner.
// Usage: node scripts/run-tests.js [substring ...] to run only matching files.
// NGXLINT_BUILD_DIR names another compiled tree inside the repository (default dist).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = join(import.meta.dirname, '..');
const testDir = join(root, process.env.NGXLINT_BUILD_DIR ?? 'dist', 'test');
const filters = process.argv.slice(2);

function collect(dir) {
  const out = [];

  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);

    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (name.endsWith('.test.js')) out.push(path);
  }

  return out;
}

// The corpus and the SARIF schema sit in ../shared beside the clone. A clone without them
// (a fresh `git clone` into a folder of its own) skips those tests, loudly, and runs the rest.
const SHARED_TESTS = [`corpus${sep}`, join('reporters', 'sarif.test.js')];
const sharedMissing = !existsSync(join(root, '..', 'shared', 'corpus', 'MANIFEST.md'));
const needsShared = (f) => SHARED_TESTS.some((s) => relative(testDir, f).startsWith(s));

let files = collect(testDir).filter(
  (f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)),
);

// test/meta/shared-skips lists those files as skipped tests, for the summary: only then.
const SKIP_LIST = join('meta', 'shared-skips.test.js');

if (!sharedMissing) files = files.filter((f) => relative(testDir, f) !== SKIP_LIST);

if (sharedMissing) {
  const skipped = files.filter(needsShared);

  files = files.filter((f) => !needsShared(f));
  if (skipped.length > 0) {
    console.error(
      `run-tests: SKIPPED ${skipped.length} test files that need ../shared (corpus, SARIF schema), ` +
        'which is not beside this clone',
    );
  }
}

if (files.length === 0) {
  console.error(
    'run-tests: no compiled test file matched (filters, or no build: run `npm run build`)',
  );
  process.exit(2);
}

const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', cwd: root },
);

process.exit(result.status ?? 1);
