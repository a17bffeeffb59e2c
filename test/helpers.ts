// Paths and small utilities shared by the tests. Tests run from dist/test, so paths are
// computed from the repository root, never from the working directory.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { packageRoot } from '../src/package-root.js';

/** The compiled tree these tests run from (dist/, or a private --outDir inside the repo). */
export const BUILD_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = packageRoot(import.meta.url);
export const FIXTURES = join(REPO_ROOT, 'fixtures');
export const SHARED = join(REPO_ROOT, '..', 'shared');
export const CORPUS = join(SHARED, 'corpus');
export const CLI = join(BUILD_ROOT, 'bin', 'ngxlint.js');

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'ngxlint-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));

  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Runs the built CLI as a user would, with colour off and no inherited UVICORN_PORT. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {},
): SpawnSyncReturns<string> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };

  delete env.UVICORN_PORT;
  delete env.DEBUG;

  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...env, ...options.env },
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}
