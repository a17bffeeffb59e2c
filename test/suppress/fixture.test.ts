import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lint } from '../../src/lint.js';
import { FIXTURES } from '../helpers.js';

test('the suppression fixture gives exactly its suppressed and NGX9xx findings', async () => {
  const dir = join(FIXTURES, 'integrations', 'suppress');
  const result = await lint({ paths: [dir], cwd: dir, root: dir, env: {}, note: () => {} });
  const shown = result.findings
    .filter((f) => f.ruleId === 'NGX302' || f.ruleId.startsWith('NGX9'))
    .map((f) => [
      f.ruleId,
      f.line,
      f.column,
      f.suppressed ? (f.suppressed.justification ?? '(no reason)') : '-',
    ]);

  assert.deepEqual(shown, [
    ['NGX302', 19, 9, 'status page, firewalled off'],
    ['NGX901', 20, 9, '-'],
    ['NGX302', 21, 9, '(no reason)'],
    ['NGX903', 22, 37, '-'],
    ['NGX302', 23, 9, '-'],
    ['NGX902', 24, 37, '-'],
    ['NGX302', 25, 9, '-'],
  ]);
});
