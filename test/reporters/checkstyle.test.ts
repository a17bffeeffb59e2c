import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCheckstyle } from '../../src/reporters/checkstyle.js';
import { assertGolden, loadSample, SAMPLE_ROOT } from './compact-golden.js';
import { parseXml } from './junit-xml.js';

const context = { cwd: SAMPLE_ROOT, root: SAMPLE_ROOT };

test('checkstyle matches its golden file', () => {
  assertGolden('checkstyle.xml', formatCheckstyle(loadSample(), context));
});

test('checkstyle is well-formed XML that gives back every field', () => {
  const findings = loadSample();
  const parsed = parseXml(formatCheckstyle(findings, context), 'checkstyle');
  const errors = parsed.children.flatMap((file) =>
    file.children.map((e): Record<string, string> => ({
      file: file.attributes.name,
      ...e.attributes,
    })),
  );
  const shown = findings.filter((f) => !f.suppressed);

  assert.equal(parsed.name, 'checkstyle');
  assert.equal(errors.length, shown.length);

  for (const f of shown) {
    const match = errors.find((e) => e.message === `${f.message} [${f.ruleId}/${f.ruleName}]`);

    assert.ok(match, `no <error> for ${f.message}`);
    assert.equal(match.file, f.file.slice(SAMPLE_ROOT.length + 1));
    assert.equal(match.line, String(f.line));
    assert.equal(match.column, String(f.column));
    assert.equal(match.severity, f.severity);
    assert.equal(match.source, `ngxlint.${f.ruleId}.${f.ruleName}`);
  }
});

test('checkstyle replaces characters XML cannot hold', () => {
  const [first] = loadSample();
  const xml = formatCheckstyle([{ ...first, message: 'bell\u0007 and nul\u0000 end' }], context);
  const parsed = parseXml(xml, 'checkstyle');

  assert.equal(
    parsed.children[0].children[0].attributes.message,
    'bell\uFFFD and nul\uFFFD end [NGX301/single-listen-80]',
  );
});

test('checkstyle for no findings is an empty document', () => {
  assert.deepEqual(parseXml(formatCheckstyle([], context), 'checkstyle').children, []);
});
