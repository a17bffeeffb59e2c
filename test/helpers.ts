// Paths and small utilities shared by the tests. Tests run from dist/test, so paths are
// computed from the repository root, never from the working directory.
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
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

/** Runs the built CLI as uid and gid 65534 (nobody) through setpriv, as runCli would; CI runs
 * as root, where file modes stop nothing. */
export function runCliAsNobody(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; timeout?: number },
): SpawnSyncReturns<string> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };

  delete env.UVICORN_PORT;
  delete env.DEBUG;

  return spawnSync(
    'setpriv',
    [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      process.execPath,
      unprivilegedCli(),
      ...args,
    ],
    {
      cwd: options.cwd,
      env: { ...env, ...options.env },
      encoding: 'utf8',
      timeout: options.timeout,
    },
  );
}

let unprivilegedCopy: string | undefined;

/**
 * The CLI as uid 65534 can run it. CI clones into a folder only root may enter (mktemp -d is
 * 0700), so when nobody cannot reach this build, it gets a copy under the system temp folder:
 * what the package ships, the build and node_modules (hard links where the file system allows).
 */
export function unprivilegedCli(): string {
  if (reachableByOthers(CLI)) return CLI;

  if (!unprivilegedCopy) {
    const copy = mkdtempSync(join(tmpdir(), 'ngxlint-unpriv-'));
    const build = relative(REPO_ROOT, BUILD_ROOT);

    chmodSync(copy, 0o755);
    mkdirSync(join(copy, dirname(build)), { recursive: true, mode: 0o755 });

    // What the package ships (package.json "files") plus its dependencies.
    for (const part of ['package.json', 'schemas', 'docs', build, 'node_modules']) {
      const linked = spawnSync('cp', ['-al', join(REPO_ROOT, part), join(copy, part)]);

      if (linked.status !== 0) {
        const copied = spawnSync('cp', ['-a', join(REPO_ROOT, part), join(copy, part)]);

        if (copied.status !== 0)
          throw new Error(`cannot copy ${part} for nobody: ${copied.stderr}`);
      }
    }

    process.on('exit', () => rmSync(copy, { recursive: true, force: true }));
    unprivilegedCopy = copy;
  }

  return join(unprivilegedCopy, relative(REPO_ROOT, CLI));
}

/** Every folder above path lets others in, and path itself is readable by others. */
function reachableByOthers(path: string): boolean {
  let dir = dirname(path);

  if ((statSync(path).mode & 0o004) === 0) return false;

  while (true) {
    if ((statSync(dir).mode & 0o001) === 0) return false;

    const parent = dirname(dir);

    if (parent === dir) return true;
    dir = parent;
  }
}
