// The benchmark's generated trees are deterministic and `nginx -t` accepts them (run in a
// throw-away namespace), since a tree nginx rejects would make every bench figure meaningless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateTree } from '../../scripts/bench-tree.js';
import { nginxSandboxMissing, runNginxTest } from '../../scripts/bench-nginx.js';
import { tempDir } from '../helpers.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.conf'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

test('the same seed gives the same tree, byte for byte', (t) => {
  const [a, b] = [tempDir(), tempDir()];

  t.after(() => {
    a.cleanup();
    b.cleanup();
  });

  const first = generateTree(a.path, { lines: 3000, findings: true });
  const second = generateTree(b.path, { lines: 3000, findings: true });

  assert.equal(first.lines, second.lines);
  assert.ok(first.lines >= 3000 && first.lines < 3300, `lines ${first.lines}`);

  const filesA = listFiles(a.path);

  assert.equal(filesA.length, first.files);
  assert.deepEqual(
    filesA.map((f) => readFileSync(f, 'utf8')),
    listFiles(b.path).map((f) => readFileSync(f, 'utf8')),
  );

  const counted = filesA.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length - 1, 0);

  assert.equal(counted, first.lines);
  assert.ok(first.seededServers > first.servers / 2, 'most servers carry a finding');
});

test('nginx -t accepts a clean and a seeded tree', (t) => {
  const missing = nginxSandboxMissing();

  if (missing) {
    assert.ok(!process.env.CI, `nginx sandbox unavailable in CI: ${missing}`);
    t.skip(`SKIPPED: ${missing}`);

    return;
  }

  for (const findings of [false, true]) {
    const dir = tempDir();

    try {
      const tree = generateTree(dir.path, { lines: 2000, findings });
      const run = runNginxTest(tree.root, tree.entry);

      assert.equal(run.exitCode, 0, run.stderr);
      assert.ok(run.maxRssKb > 0 && run.seconds >= 0);
      assert.equal(readFileSync(join(tree.root, 'logs', 'error.log'), 'utf8'), '');
    } finally {
      dir.cleanup();
    }
  }
});
