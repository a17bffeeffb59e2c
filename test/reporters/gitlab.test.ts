import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { formatGitlab, type GitlabIssue } from '../../src/reporters/gitlab.js';
import { FIXTURES } from '../helpers.js';
import { assertGolden, loadSample, SAMPLE_ROOT } from './compact-golden.js';

const context = { cwd: '/nowhere', root: SAMPLE_ROOT };

test('gitlab matches its golden file', () => {
  assertGolden('gitlab.json', formatGitlab(loadSample(), context));
});

test('gitlab report fits the schema written from GitLab Code Quality documentation', () => {
  const schemaPath = join(FIXTURES, 'integrations', 'schemas', 'gitlab-code-quality.schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  const validate = new Ajv.default({
    allErrors: true,
    strict: true,
    strictRequired: false,
  }).compile(schema);
  const report = JSON.parse(formatGitlab(loadSample(), context)) as unknown;

  assert.ok(validate(report), JSON.stringify(validate.errors));
  assert.ok(!validate([{ description: 'x' }]), 'the schema must reject an incomplete issue');
});

test('gitlab fingerprints are unique even when two findings share one', () => {
  const [first] = loadSample();
  const twins = [first, { ...first, line: 40, endLine: 40 }, { ...first, line: 41, endLine: 41 }];
  const issues = JSON.parse(formatGitlab(twins, context)) as GitlabIssue[];

  assert.equal(new Set(issues.map((i) => i.fingerprint)).size, 3);
  assert.deepEqual(
    issues.map((i) => i.location),
    [3, 40, 41].map((begin) => ({
      path: 'nginx/sites-enabled/default',
      lines: { begin, end: begin },
    })),
  );
});

test('gitlab paths are relative to the root whatever the working directory', () => {
  const issues = JSON.parse(
    formatGitlab(loadSample(), { cwd: join(SAMPLE_ROOT, 'nginx'), root: SAMPLE_ROOT }),
  ) as GitlabIssue[];

  assert.deepEqual(issues.map((i) => i.location.path).sort(), [
    'nginx/conf.d/odd name, with: 100%.conf',
    'nginx/sites-enabled/app.conf',
    'nginx/sites-enabled/café app.conf',
    'nginx/sites-enabled/default',
  ]);
  assert.deepEqual(
    issues.map((i) => i.severity),
    ['minor', 'major', 'info', 'major'],
  );
});
