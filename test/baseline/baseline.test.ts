import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyBaseline,
  BaselineError,
  createBaseline,
  parseBaseline,
  serializeBaseline,
} from '../../src/baseline/index.js';
import type { Finding } from '../../src/engine/types.js';

const ROOT = '/srv/site';

function finding(fingerprint: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'NGX301',
    ruleName: 'single-listen-80',
    severity: 'error',
    message: `listen ${line}`,
    file: `${ROOT}/nginx/sites-enabled/default`,
    line,
    column: 5,
    endLine: line,
    endColumn: 15,
    related: [],
    fingerprint,
    ...extra,
  };
}

test('a baseline records unsuppressed findings by fingerprint, root-relative, sorted', () => {
  const baseline = createBaseline(
    [
      finding('b', 3),
      finding('a', 9),
      finding('c', 12, { suppressed: { kind: 'inline', justification: 'x' } }),
    ],
    ROOT,
    '1.2.3',
  );

  assert.deepEqual(baseline, {
    baselineVersion: 1,
    tool: { name: 'ngxlint', version: '1.2.3' },
    findings: [
      {
        fingerprint: 'a',
        ruleId: 'NGX301',
        file: 'nginx/sites-enabled/default',
        message: 'listen 9',
      },
      {
        fingerprint: 'b',
        ruleId: 'NGX301',
        file: 'nginx/sites-enabled/default',
        message: 'listen 3',
      },
    ],
  });
});

test('with a baseline only new findings stay unsuppressed, even after lines moved', () => {
  const old = parseBaseline(
    serializeBaseline(createBaseline([finding('a', 3), finding('b', 7)], ROOT, '1')),
    'b.json',
  );
  // The same two findings ten lines lower (a comment block was added), plus a new one.
  const today = [finding('a', 13), finding('b', 17), finding('new', 20)];
  const result = applyBaseline(today, old);

  assert.deepEqual(
    result.map((f) => [f.fingerprint, f.suppressed?.kind]),
    [
      ['a', 'baseline'],
      ['b', 'baseline'],
      ['new', undefined],
    ],
  );
});

test('an inline suppression is kept as it is under a baseline', () => {
  const inline = finding('a', 3, { suppressed: { kind: 'inline', justification: 'why' } });
  const [result] = applyBaseline(
    [inline],
    parseBaseline('{"baselineVersion":1,"findings":[{"fingerprint":"a"}]}', 'b'),
  );

  assert.deepEqual(result.suppressed, { kind: 'inline', justification: 'why' });
});

test('a broken baseline file is an error that names file, line and column', () => {
  assert.throws(
    () => parseBaseline('{\n  "baselineVersion": 1,\n  "findings": [,]\n}\n', 'ci/baseline.json'),
    (error: Error) =>
      error instanceof BaselineError &&
      /^ci\/baseline\.json:3:16: not a baseline: /.test(error.message),
  );
  assert.throws(() => parseBaseline('{"findings": []}', 'other.json'), {
    message: /^other\.json:1:1: not an ngxlint baseline, expected "baselineVersion": 1/,
  });
});
