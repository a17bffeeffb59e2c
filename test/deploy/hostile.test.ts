// Hostile deployment files: each must end as a finding in its own file, quickly, with the rest
// of the deployment still read, never as a crash of the whole lint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readDeployment } from '../../src/deploy/index.js';
import type { Deployment } from '../../src/deploy/types.js';
import { writeTree, type Tree } from '../engine/lint-tree.js';
import { tempDir } from '../helpers.js';

/** Reads a tree from a temporary folder; returns the model, the time taken, relative paths. */
async function read(tree: Tree): Promise<{ deployment: Deployment; ms: number; rel: (p: string) => string }> {
  const dir = tempDir();

  try {
    writeTree(dir.path, tree);

    const files: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);

        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };

    walk(dir.path);

    const started = performance.now();
    const deployment = await readDeployment({ root: dir.path, files });

    return { deployment, ms: performance.now() - started, rel: (p: string) => relative(dir.path, p) };
  } finally {
    dir.cleanup();
  }
}

test('60k repeated --port arguments in a unit are read in linear time, on one line or continued', async () => {
  const count = 60_000;
  const oneLine = `[Service]\nExecStart=/usr/bin/uvicorn main:app${' --port 8000'.repeat(count - 1)} --port 8001\n`;
  const continued = `[Service]\nExecStart=/usr/bin/uvicorn main:app${' \\\n --port 8000'.repeat(count - 1)} \\\n --port 8001\n`;

  for (const [text, line, column] of [
    [oneLine, 2, 36 + 12 * (count - 1) + 8],
    [continued, count + 2, 9],
  ] as const) {
    const { deployment, ms, rel } = await read({ 'app.service': text });
    const port = deployment.launchers[0]?.binds[0]?.port;

    assert.ok(ms < 5000, `took ${Math.round(ms)} ms`);
    assert.equal(port?.value, 8001);
    assert.deepEqual(
      [rel(port.origin.location!.file), port.origin.location!.line, port.origin.location!.column],
      ['app.service', line, column],
    );
  }
});
