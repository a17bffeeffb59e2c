import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { lint } from '../../src/lint.js';
import { formatSarif } from '../../src/reporters/sarif.js';
import { FIXTURES, REPO_ROOT, SHARED } from '../helpers.js';
import { lintTree } from '../engine/lint-tree.js';

const require = createRequire(import.meta.url);

/** ajv for draft-04 (SARIF's schema) with formats, as the issue asks. */
function sarifValidator() {
  const Ajv04 = require('ajv-draft-04');
  const addFormats = require('ajv-formats');
  const ajv = new (Ajv04.default ?? Ajv04)({ allErrors: true, strict: false });

  (addFormats.default ?? addFormats)(ajv);

  return ajv.compile(
    JSON.parse(readFileSync(join(SHARED, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')),
  );
}

async function sarifOf(path: string) {
  const result = await lint({ paths: [path], cwd: REPO_ROOT, env: {}, note: () => {} });
  const text = formatSarif(result.findings, {
    cwd: REPO_ROOT,
    root: result.project.root,
    version: '9.9.9',
    rules: result.rules,
    color: false,
  });

  return { log: JSON.parse(text), result };
}

test('SARIF of the broken example validates against the SARIF 2.1.0 schema', async () => {
  const validate = sarifValidator();
  const { log, result } = await sarifOf(join(FIXTURES, 'example', 'broken'));

  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

  const run = log.runs[0];

  assert.equal(run.tool.driver.name, 'ngxlint');
  assert.equal(run.tool.driver.version, '9.9.9');
  assert.match(run.tool.driver.informationUri, /^https:\/\//);
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.equal(run.originalUriBaseIds.ROOT.uri, `file://${REPO_ROOT}/`);
  assert.equal(run.results.length, result.findings.length);

  const rule301 = run.tool.driver.rules.findIndex((r: { id: string }) => r.id === 'NGX301');
  const r301 = run.results.find((r: { ruleId: string }) => r.ruleId === 'NGX301');

  assert.equal(r301.ruleIndex, rule301);
  assert.equal(run.tool.driver.rules[rule301].name, 'single-listen-80');
  assert.match(run.tool.driver.rules[rule301].helpUri, /docs\/rules\/NGX301\.md$/);
  assert.equal(run.tool.driver.rules[rule301].defaultConfiguration.level, 'error');
  assert.deepEqual(r301.locations[0].physicalLocation, {
    artifactLocation: {
      uri: 'fixtures/example/broken/nginx/sites-enabled/default',
      uriBaseId: 'ROOT',
    },
    region: { startLine: 3, startColumn: 2, endLine: 3, endColumn: 27 },
  });
  assert.match(r301.message.text, /\.$/);
  assert.deepEqual(
    r301.relatedLocations.map((l: { id: number; message: { text: string } }) => [
      l.id,
      l.message.text,
    ]),
    [
      [0, 'port 80 is first served here.'],
      [1, 'included from here.'],
    ],
  );

  const fingerprints = run.results.map(
    (r: { partialFingerprints: Record<string, string> }) => Object.values(r.partialFingerprints)[0],
  );

  assert.equal(
    new Set(fingerprints).size,
    fingerprints.length,
    'fingerprints unique within the run',
  );
});

test('SARIF of the good example validates and has no results', async () => {
  const validate = sarifValidator();
  const { log } = await sarifOf(join(FIXTURES, 'example', 'good'));

  assert.ok(validate(log), JSON.stringify(validate.errors));
  assert.deepEqual(log.runs[0].results, []);
});

test('fingerprints survive a comment added above a finding and differ between two findings of one rule', async () => {
  const conf = (extra: string) => ({
    'nginx.conf':
      `events {}\nhttp {\n${extra}    server {\n        listen 80;\n        location /a { proxy_pass http://127.0.0.1:8001; }\n` +
      '        location /b { proxy_pass http://127.0.0.1:8001; }\n    }\n}\n',
  });
  const before = await lintTree(conf(''), { only: ['NGX303'] });
  const after = await lintTree(conf('    # a comment\n    # and another\n'), { only: ['NGX303'] });

  assert.deepEqual(
    before.findings.map((f) => f.line),
    [5, 6],
  );
  assert.deepEqual(
    after.findings.map((f) => f.line),
    [7, 8],
  );
  assert.deepEqual(
    after.findings.map((f) => f.fingerprint),
    before.findings.map((f) => f.fingerprint),
  );
  assert.notEqual(before.findings[0].fingerprint, before.findings[1].fingerprint);
  assert.doesNotMatch(before.findings[0].fingerprint, /\b5\b/);
});

test('file names that need escaping become percent-encoded relative URIs; outside the root, file URIs', async () => {
  const { artifactLocation } = await import('../../src/reporters/sarif.js');

  assert.deepEqual(artifactLocation('/r/site s/ä:b.conf', '/r'), {
    uri: 'site%20s/%C3%A4%3Ab.conf',
    uriBaseId: 'ROOT',
  });
  assert.deepEqual(artifactLocation('/elsewhere/x.conf', '/r'), {
    uri: 'file:///elsewhere/x.conf',
  });
});
