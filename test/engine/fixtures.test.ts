// Every folder under fixtures/rules is a deployment with its expected findings written inline:
// `# expect: NGX301` (or several codes, comma-separated) on the line a finding must be. For the
// codes a folder mentions (and the code in its name) the findings must match exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lint } from '../../src/lint.js';
import { FIXTURES } from '../helpers.js';
import { expectedMarkers } from './markers.js';

const RULE_FIXTURES = join(FIXTURES, 'rules');

/** The folder's findings as `file:line CODE`; a symlinked site counts where its text is. */
export async function actualFindings(dir: string, codes: Set<string>): Promise<string[]> {
  const result = await lint({ paths: [dir], cwd: dir, env: {}, note: () => {} });

  return result.findings
    .filter((f) => codes.has(f.ruleId))
    .map((f) => `${relative(realpathSync(dir), realpathSync(f.file))}:${f.line} ${f.ruleId}`)
    .sort();
}

for (const name of readdirSync(RULE_FIXTURES).sort()) {
  const dir = join(RULE_FIXTURES, name);

  if (!lstatSync(dir).isDirectory() || !/^ngx(00|30)\d/.test(name)) continue;

  test(`fixture ${name}: findings match its # expect: markers`, async () => {
    const expected = expectedMarkers(dir);
    const codes = new Set([
      name.slice(0, 6).toUpperCase(),
      ...expected.map((e) => e.split(' ')[1]),
    ]);

    assert.ok(expected.length > 0, 'a rule fixture must expect at least one finding');
    assert.deepEqual(await actualFindings(dir, codes), expected);
  });
}
