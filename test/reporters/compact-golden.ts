// Shared by the golden tests of the integration formats (compact, github, gitlab, checkstyle,
// junit): the sample findings and the comparison with the expected file.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../src/engine/types.js';
import { FIXTURES } from '../helpers.js';

export const GOLDEN = join(FIXTURES, 'integrations', 'golden');
/** The root the sample's paths are relative to; it need not exist. */
export const SAMPLE_ROOT = join(GOLDEN, 'tree');

interface SampleFile {
  findings: (Omit<Finding, 'related'> & { related: Finding['related'] })[];
}

/** The sample findings with absolute paths under SAMPLE_ROOT. */
export function loadSample(): Finding[] {
  const sample = JSON.parse(readFileSync(join(GOLDEN, 'findings.json'), 'utf8')) as SampleFile;

  return sample.findings.map((f) => ({
    ...f,
    file: join(SAMPLE_ROOT, f.file),
    related: f.related.map((r) => ({ ...r, file: join(SAMPLE_ROOT, r.file) })),
  }));
}

/** Compares output with fixtures/integrations/golden/NAME; UPDATE_GOLDEN=1 rewrites it. */
export function assertGolden(name: string, actual: string): void {
  const path = join(GOLDEN, name);

  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    assert.ok(process.env.UPDATE_GOLDEN === '1', `golden file ${name} is missing`);
    writeFileSync(path, actual);
  }

  assert.equal(actual, readFileSync(path, 'utf8'));
}
