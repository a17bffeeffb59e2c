import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJunit } from '../../src/reporters/junit.js';
import { assertGolden, loadSample, SAMPLE_ROOT } from './compact-golden.js';
import { parseXml } from './junit-xml.js';

const context = { cwd: SAMPLE_ROOT, root: SAMPLE_ROOT };

test('junit matches its golden file', () => {
  assertGolden('junit.xml', formatJunit(loadSample(), context));
});

test('junit has one failed test case per shown finding, counted in both levels', () => {
  const findings = loadSample();
  const shown = findings.filter((f) => !f.suppressed);
  const parsed = parseXml(formatJunit(findings, context), 'testsuites');
  const cases = parsed.children.flatMap((suite) => suite.children);

  assert.equal(parsed.attributes.tests, String(shown.length));
  assert.equal(parsed.attributes.failures, String(shown.length));
  assert.equal(cases.length, shown.length);

  for (const suite of parsed.children) {
    assert.equal(suite.attributes.failures, String(suite.children.length));
  }

  for (const f of shown) {
    const failure = cases.map((c) => c.children[0]).find((x) => x.attributes.message === f.message);

    assert.ok(failure, `no failure for ${f.message}`);
    assert.equal(failure.attributes.type, f.severity);
    assert.ok(failure.text.startsWith(`${f.file.slice(SAMPLE_ROOT.length + 1)}:${f.line}:`));
  }
});

test('junit for a clean run is one passing test case', () => {
  const parsed = parseXml(formatJunit([], context), 'testsuites');

  assert.equal(parsed.attributes.failures, '0');
  assert.deepEqual(
    parsed.children.map((s) => s.children.map((c) => [c.attributes.name, c.children.length])),
    [[['no findings', 0]]],
  );
});
