// The SARIF the validator test checks, made the way the CLI makes it: lint, add the fixes
// that providers know, format. Kept apart so it can switch to the CLI in one place.
import { lint } from '../../src/lint.js';
import { provideFixes } from '../../src/fix/providers.js';
import { formatSarif } from '../../src/reporters/sarif.js';
import { readFileSync } from 'node:fs';
import { VERSION } from '../../src/version.js';

export async function buildSarif(
  paths: string[],
  cwd: string,
): Promise<{ sarif: string; findings: number }> {
  const result = await lint({ paths, cwd, env: {} });
  const findings = provideFixes(result.findings, (file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  });
  const context = {
    cwd,
    root: result.project.root,
    version: VERSION,
    rules: result.rules,
    color: false,
  };

  return { sarif: formatSarif(findings, context), findings: findings.length };
}
