// Every fixture of fixtures/nginx-t/ says in its first line what ngxlint must report on it:
// `# expect: clean`, or `# expect: NGXnnn at [FILE:]LINE`. This holds without nginx installed;
// test/conformance/ checks the same fixtures against the real nginx -t.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIXTURES } from '../helpers.js';
import { lintFixture } from './fixture-lint.js';

const DIR = join(FIXTURES, 'nginx-t');

for (const name of readdirSync(DIR).sort()) {
  const entry = join(DIR, name, 'nginx.conf');
  const header = readFileSync(entry, 'utf8').split('\n')[0];

  test(`fixture ${name}: ${header.replace(/^# expect: /, '')}`, () => {
    const got = lintFixture(entry).map(
      (f) =>
        `${f.ruleId} at ${relative(join(DIR, name), f.file).replace(/^nginx\.conf$/, '')}${f.file.endsWith('/nginx.conf') ? '' : ':'}${f.line}`,
    );
    const want = /^# expect: (NGX\d+) at (\S+)/.exec(header);

    if (!want) {
      assert.match(header, /^# expect: clean/);
      assert.deepEqual(got, []);

      return;
    }

    assert.deepEqual(got, [`${want[1]} at ${want[2]}`]);
  });
}
