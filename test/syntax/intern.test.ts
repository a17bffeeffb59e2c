import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { textOf } from '../../src/syntax/intern.js';
import { parseText } from '../../src/syntax/index.js';
import type { Directive } from '../../src/syntax/tree.js';

test('textOf decodes any slice as Buffer.toString does, cached or not', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('on', 'off', '$host')), {
        minLength: 1,
        maxLength: 40,
      }),
      (words) => {
        const bytes = Buffer.from(words.join(' '));
        let start = 0;

        for (const word of words) {
          const end = start + Buffer.byteLength(word);

          assert.equal(textOf(bytes, start, end), bytes.toString('utf8', start, end));
          start = end + 1;
        }
      },
    ),
    { numRuns: 500 },
  );
});

test('textOf gives back the right word when 200,000 distinct words share 65,536 slots', () => {
  for (let n = 0; n < 200_000; n++) {
    const word = `w${n.toString(36)}`;

    assert.equal(textOf(Buffer.from(`x ${word};`), 2, 2 + word.length), word);
  }
});

test('values and raw text are unchanged by sharing: quoted, escaped, long, non-ASCII', () => {
  const long = 'a'.repeat(41);
  const config = parseText(
    `set $a "on" 'x' "" on "${long}" o\\n "é" é;\nset $b on;\n`,
    '/n/nginx.conf',
  );
  const [first, second] = config.files[0].nodes as Directive[];

  assert.deepEqual(
    first.args.map((a) => [a.value, a.raw]),
    [
      ['$a', '$a'],
      ['on', '"on"'],
      ['x', "'x'"],
      ['', '""'],
      ['on', 'on'],
      [long, `"${long}"`],
      ['o\n', 'o\\n'],
      ['é', '"é"'],
      ['é', 'é'],
    ],
  );
  assert.deepEqual(
    second.args.map((a) => a.value),
    ['$b', 'on'],
  );
});
