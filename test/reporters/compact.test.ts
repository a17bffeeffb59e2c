import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatCompact } from '../../src/reporters/compact.js';
import { assertGolden, loadSample, SAMPLE_ROOT } from './compact-golden.js';

test('compact matches its golden file', () => {
  assertGolden('compact.txt', formatCompact(loadSample(), { cwd: SAMPLE_ROOT, root: SAMPLE_ROOT }));
});

test('compact paths are relative to the working directory and line breaks become spaces', () => {
  const cwd = join(SAMPLE_ROOT, 'nginx', 'sites-enabled');
  const lines = formatCompact(loadSample(), { cwd, root: SAMPLE_ROOT }).split('\n');

  assert.equal(
    lines[0],
    '../conf.d/odd name, with: 100%.conf:1:1: warning: 100% odd: "8080" is outside ' +
      'nginx.ports [80, 443] second line: a, b [NGX302/listen-port-allowed]',
  );
  assert.equal(lines[1].slice(0, 18), 'app.conf:9:20: err');
  assert.equal(lines.length, 5);
  assert.equal(lines[4], '');
});

test('compact prints nothing for no findings and leaves suppressed ones out', () => {
  const suppressed = loadSample().filter((f) => f.suppressed);

  assert.equal(suppressed.length, 1);
  assert.equal(formatCompact(suppressed, { cwd: SAMPLE_ROOT, root: SAMPLE_ROOT }), '');
  assert.equal(formatCompact([], { cwd: SAMPLE_ROOT, root: SAMPLE_ROOT }), '');
});
