import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runCli, tempDir } from '../helpers.js';

interface SarifResult {
  ruleId: string;
  partialFingerprints: Record<string, string>;
}

function fingerprints(dir: string): string[] {
  const out = runCli([dir, '--format', 'sarif', '--root', dir]);
  const results = JSON.parse(out.stdout).runs[0].results as SarifResult[];

  return results.map((r) => `${r.ruleId} ${Object.values(r.partialFingerprints).join(' ')}`).sort();
}

/** Inserts a comment line near the top of every file: after a shebang, else first. */
function addCommentLines(dir: string): number {
  let changed = 0;

  for (const name of readdirSync(dir)) {
    const path = join(dir, name);

    if (statSync(path).isDirectory()) {
      changed += addCommentLines(path);
      continue;
    }

    const lines = readFileSync(path, 'utf8').split('\n');

    lines.splice(lines[0].startsWith('#!') ? 1 : 0, 0, '# an unrelated comment');
    writeFileSync(path, lines.join('\n'));
    changed += 1;
  }

  return changed;
}

test('fingerprints of every finding survive a comment line added to every file', () => {
  const dir = tempDir();

  try {
    const tree = join(dir.path, 'broken');

    cpSync(join(FIXTURES, 'example', 'broken'), tree, { recursive: true, verbatimSymlinks: true });

    const before = fingerprints(tree);

    assert.ok(addCommentLines(tree) > 10);

    const after = fingerprints(tree);

    assert.ok(before.length >= 15, `only ${before.length} findings`);
    assert.deepEqual(after, before);
    assert.equal(new Set(before).size, before.length);
  } finally {
    dir.cleanup();
  }
});
