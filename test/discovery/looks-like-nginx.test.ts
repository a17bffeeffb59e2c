// looksLikeNginx reads a line at a time and runs its regular expressions only on lines that can
// match them; it must decide exactly as the plain statement of its rule does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { looksLikeNginx } from '../../src/discovery/index.js';

/** The rule as first written: comment lines out, then count statements and assignments. */
function reference(text: string): boolean {
  const lines = text
    .replace(/^\s*[#;].*$/gm, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const statements = lines.filter((l) => /^[A-Za-z_][\w.-]*(\s.*)?[;{}]$|^}$/.test(l)).length;
  const assignments = lines.filter((l) => /^[A-Za-z_][\w.]*\s*=/.test(l)).length;

  return statements > 0 && statements >= assignments;
}

const pieces = fc.constantFrom(
  'listen 80;',
  'server {',
  '}',
  'KEY=value',
  'a = b',
  '# comment',
  '; ini comment',
  '[Unit]',
  'x',
  '  ',
  '\t',
  '\r',
  '\u2028',
  '=',
  ';',
  '{',
  'name value {',
  '_under.score-d x;',
);
const text = fc
  .tuple(
    fc.array(fc.oneof(pieces, fc.string({ maxLength: 6 })), { maxLength: 30 }),
    fc.constantFrom('\n', '\n\n', ' ', ''),
  )
  .map(([parts, separator]) => parts.join(separator));

test('looksLikeNginx decides as the reference on generated texts', () => {
  fc.assert(
    fc.property(text, (t) => {
      assert.equal(looksLikeNginx(t), reference(t), JSON.stringify(t));
    }),
    { numRuns: 5000 },
  );
});

test('looksLikeNginx on the usual cases', () => {
  assert.equal(looksLikeNginx('server {\n  listen 80;\n}\n'), true);
  assert.equal(looksLikeNginx('A=1\nB=2\nlisten 80;\n'), false);
  assert.equal(looksLikeNginx('# only a comment\n'), false);
  assert.equal(looksLikeNginx(''), false);
});
