// Every folder under fixtures/deploy is a small deployment with its expected findings: inline
// `# expect: NGX310` markers in scripts, and `expect.txt` lines (`app.service:6 NGX314`) for
// files that cannot carry a comment on the line (systemd units). For the codes a folder names,
// the findings must match exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lint } from '../../src/lint.js';
import { expectedMarkers } from '../engine/markers.js';
import { FIXTURES } from '../helpers.js';

const DEPLOY_FIXTURES = join(FIXTURES, 'deploy');

async function actualFindings(dir: string, codes: Set<string>): Promise<string[]> {
  const result = await lint({ paths: [dir], cwd: dir, env: {}, note: () => {} });

  return result.findings
    .filter((f) => codes.has(f.ruleId))
    .map((f) => `${relative(realpathSync(dir), realpathSync(f.file))}:${f.line} ${f.ruleId}`)
    .sort();
}

for (const name of readdirSync(DEPLOY_FIXTURES).sort()) {
  const dir = join(DEPLOY_FIXTURES, name);

  test(`deploy fixture ${name}: findings match its expectations`, async () => {
    const listed = existsSync(join(dir, 'expect.txt'))
      ? readFileSync(join(dir, 'expect.txt'), 'utf8').split('\n').filter(Boolean)
      : [];
    const expected = [...expectedMarkers(dir), ...listed].sort();
    const codes = new Set([
      name.slice(0, 6).toUpperCase(),
      ...expected.map((e) => e.split(' ')[1]),
    ]);

    assert.ok(expected.length > 0, 'a deploy fixture must expect at least one finding');
    assert.deepEqual(await actualFindings(dir, codes), expected);
  });
}
