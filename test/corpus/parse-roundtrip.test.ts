// Round trip on every corpus file: format, then parse the result; the tree is the same as the
// original's in the payload's terms (format writes what crossplane's payload holds), lines
// aside and escapes decoded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS } from '../helpers.js';
import { encodeText, unescape } from '../../src/syntax/index.js';
import { formatSource, formatStatements, type PayloadDirective } from '../../src/payload/index.js';
import { ORACLE } from './parse-corpus.js';

/** Positions aside, and escapes decoded: format writes a newline in a quoted string as `\n`. */
function withoutLines(stmts: PayloadDirective[]): unknown[] {
  return stmts.map(
    ({ line: _l, column: _c, endLine: _el, endColumn: _ec, block, args, ...rest }) => ({
      ...rest,
      args: args.map(unescape),
      ...(block ? { block: withoutLines(block) } : {}),
    }),
  );
}

function statements(bytes: Buffer, path: string): PayloadDirective[] | null {
  const { errors, statements: parsed } = formatSource(bytes, path);

  return errors.length > 0 ? null : parsed;
}

test('format then parse gives the same tree for every corpus file', () => {
  const files = readFileSync(join(ORACLE, 'files.tsv'), 'utf8').trim().split('\n').slice(1);
  let checked = 0;
  let refused = 0;

  for (const line of files) {
    const path = join(CORPUS, line.split('\t')[0]);
    const bytes = readFileSync(path);
    const before = statements(bytes, path);

    if (before === null) {
      refused++;
      continue;
    }

    const text = encodeText(`${formatStatements(before)}\n`);
    const after = statements(text, path);

    assert.ok(after, `${path}: the formatted text does not parse`);

    assert.deepEqual(withoutLines(after), withoutLines(before), path);
    checked++;
  }

  console.log(`round trips: ${checked} files (${refused} with syntax errors are not formatted)`);
  assert.ok(checked > 800);
});
