import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unifiedDiff } from '../../src/fix/diff.js';
import { tempDir } from '../helpers.js';

/** Applies a diff with git's own patch reader and returns the result. */
function gitApply(before: string, diff: string): string {
  const dir = tempDir();

  try {
    writeFileSync(join(dir.path, 'f.conf'), before);
    writeFileSync(join(dir.path, 'change.diff'), diff);

    const result = spawnSync('git', ['apply', '--unsafe-paths', 'change.diff'], {
      cwd: dir.path,
      encoding: 'utf8',
    });

    assert.equal(result.status, 0, `git apply refused the diff:\n${diff}\n${result.stderr}`);

    return readFileSync(join(dir.path, 'f.conf'), 'utf8');
  } finally {
    dir.cleanup();
  }
}

test('a one-line change is one hunk with three lines of context', () => {
  const before = Array.from({ length: 12 }, (_, i) => `line ${i + 1};\n`).join('');
  const after = before.replace('line 6;', 'line six;');

  assert.equal(
    unifiedDiff('f.conf', before, after),
    [
      '--- a/f.conf',
      '+++ b/f.conf',
      '@@ -3,7 +3,7 @@',
      ' line 3;',
      ' line 4;',
      ' line 5;',
      '-line 6;',
      '+line six;',
      ' line 7;',
      ' line 8;',
      ' line 9;',
      '',
    ].join('\n'),
  );
});

test('no change is no diff', () => {
  assert.equal(unifiedDiff('f.conf', 'a\n', 'a\n'), '');
});

test('git apply turns the before text into the after text (CRLF, no final newline, empty files)', () => {
  const cases: [string, string][] = [
    ['server {\r\n    listen 80\r\n}\r\n', 'server {\r\n    listen 80;\r\n}\r\n'],
    ['a\nb', 'a\nb\n'],
    ['', 'x\n'],
    ['x\ny\n', ''],
  ];
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);

  for (let n = 0; n < 60; n += 1) {
    const lines = (alphabet: string) =>
      Array.from({ length: random(25) }, () => `${alphabet[random(alphabet.length)]};\n`).join('');

    cases.push([lines('abc'), lines('abcd')]);
  }

  for (const [before, after] of cases) {
    if (before === after) continue;

    assert.equal(gitApply(before, unifiedDiff('f.conf', before, after)), after);
  }
});
