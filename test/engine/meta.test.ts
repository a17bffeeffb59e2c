// Every registered rule has its module, its doc page with the fixed headings, a test and a
// fixture; everything generated from the registry is current; the doc examples of this
// family lint as they say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesOf } from '../../src/engine/define.js';
import * as registry from '../../rules/index.js';
import { generatedFiles } from '../../scripts/gen-docs.js';
import { FIXTURES, REPO_ROOT } from '../helpers.js';
import { lintTree, type Tree } from './lint-tree.js';

const rules = rulesOf(registry);
const HEADINGS = [
  '## Why it matters',
  '## Problematic config',
  '## Correct config',
  '## Options',
  '## When not to use it',
  '## Known limitations',
];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];

  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = lstatSync(path);

    if (stat.isSymbolicLink()) return [path];

    return stat.isDirectory() ? [path, ...filesUnder(path)] : [path];
  });
}

const testFiles = filesUnder(join(REPO_ROOT, 'test')).filter((f) => f.endsWith('.test.ts'));
const fixtureFiles = filesUnder(FIXTURES);

test('the registry holds unique codes and names, each well formed', () => {
  assert.ok(rules.length >= 12);
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
  assert.equal(new Set(rules.map((r) => r.name)).size, rules.length);

  for (const rule of rules) {
    assert.match(rule.id, /^NGX\d{3}$/);
    assert.match(rule.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.match(rule.description, /^(Disallow|Require|Report) /, rule.id);

    for (const id of Object.keys(rule.messages))
      assert.match(id, /^[a-z][a-zA-Z0-9]*$/, `${rule.id} ${id}`);
    for (const [key, option] of Object.entries(rule.options?.properties ?? {})) {
      assert.ok(option.description, `${rule.id} option ${key} has no description`);
    }
  }
});

for (const rule of rules) {
  const lower = rule.id.toLowerCase();

  test(`${rule.id} ${rule.name} has its module, doc, test and fixture`, () => {
    assert.ok(
      existsSync(join(REPO_ROOT, 'rules', `${lower}-${rule.name}.ts`)),
      'module rules/<code>-<name>.ts',
    );

    const doc = readFileSync(join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8');

    assert.ok(doc.startsWith(`# ${rule.id} ${rule.name}\n`), 'doc title "# CODE name"');

    let at = -1;

    for (const heading of HEADINGS) {
      const next = doc.indexOf(`\n${heading}\n`);

      assert.ok(next > at, `doc heading "${heading}" missing or out of order`);
      at = next;
    }

    const tested = testFiles.some((f) => {
      const name = f.split('/').pop()!;

      return name.startsWith(lower) || readFileSync(f, 'utf8').includes(rule.id);
    });

    assert.ok(tested, 'a test under test/ names the rule');

    const fixture = fixtureFiles.some((f) => {
      if (f.includes(`/${lower}`) || f.includes(rule.name)) return true;
      if (lstatSync(f).isDirectory() || lstatSync(f).isSymbolicLink()) return false;

      const text = readFileSync(f, 'latin1');

      return text.includes(rule.id) || text.includes(rule.name);
    });

    assert.ok(
      fixture,
      'a fixture under fixtures/ that names the rule (path, # expect: CODE, golden output)',
    );
  });
}

test('README table, docs index and config schema are generated from the registry (npm run gen)', () => {
  for (const { path, content } of generatedFiles(REPO_ROOT)) {
    assert.equal(readFileSync(path, 'utf8'), content, `${path} is stale: run npm run gen`);
  }
});

/** The nginx blocks of one doc section, each `# file: PATH` on its first line or site-N.conf. */
function examples(doc: string, heading: string): Tree {
  const start = doc.indexOf(`\n${heading}\n`);
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  const tree: Tree = {};
  let n = 0;

  for (const match of section.matchAll(/```nginx\n([\s\S]*?)```/g)) {
    const file = /^# file: (\S+)/.exec(match[1])?.[1] ?? `conf.d/example-${++n}.conf`;

    tree[join('nginx', file)] = match[1];
  }

  return tree;
}

for (const rule of rules.filter((r) => /^NGX(00[1-7]|30[1-5])$/.test(r.id))) {
  test(`${rule.id} doc examples: the problematic config fires, the correct one does not`, async () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8');
    const bad = examples(doc, '## Problematic config');
    const good = examples(doc, '## Correct config');

    // Examples that cannot be files (a read error, 300 nested blocks) are shown as text.
    if (Object.keys(bad).length === 0) {
      assert.match(
        doc,
        /## Problematic config\n\n[\s\S]*?```text/,
        'no nginx example and no text example',
      );

      return;
    }

    const fired = await lintTree(bad, { only: [rule.id] });
    const clean = await lintTree(good, { only: [rule.id] });

    assert.ok(fired.findings.length > 0, `problematic example is silent: ${JSON.stringify(bad)}`);
    assert.deepEqual(clean.summary, [], 'correct example fires');
  });
}
