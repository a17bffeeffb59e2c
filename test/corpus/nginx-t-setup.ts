// Re-creates the corpus inputs of ../shared/corpus/MANIFEST.md §5 in a temporary copy (with the
// wrappers that give fragments their context) and lints each target with the nginx -t checks,
// against the build the oracle ran (ngxlint.config.json at the copy's root).
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { runRules } from '../../src/engine/runner.js';
import { resolveRuleSettings } from '../../src/engine/settings.js';
import type { Finding, RuleDefinition } from '../../src/engine/types.js';
import { parseConfig } from '../../src/syntax/config.js';
import type { ParsedConfig } from '../../src/syntax/tree.js';
import { CORPUS, tempDir } from '../helpers.js';
import { guardedFileSystem, readVerdicts, WRAPPERS, type VerdictRow } from './parse-corpus.js';
import NGX010 from '../../rules/ngx010-unknown-directive.js';
import NGX011 from '../../rules/ngx011-directive-not-allowed.js';
import NGX012 from '../../rules/ngx012-invalid-arguments.js';
import NGX013 from '../../rules/ngx013-missing-opening-brace.js';
import NGX014 from '../../rules/ngx014-missing-semicolon.js';
import NGX015 from '../../rules/ngx015-requires-newer-nginx.js';
import NGX016 from '../../rules/ngx016-duplicate-directive.js';

export const DIRECTIVE_RULES: RuleDefinition<any>[] = [
  NGX010,
  NGX011,
  NGX012,
  NGX013,
  NGX014,
  NGX015,
  NGX016,
];

export type { VerdictRow };

export interface Problem {
  file: string;
  line: number;
  column: number;
  source: string;
  message: string;
}

export interface CorpusCopy {
  root: string;
  target(row: VerdictRow): string;
  lint(target: string): { config: ParsedConfig; errors: Problem[]; semantic: Problem[] };
  cleanup(): void;
}

export { readVerdicts };

export async function copyCorpus(): Promise<CorpusCopy> {
  const dir = tempDir('ngxlint-nginx-t-');
  const root = dir.path;

  cpSync(CORPUS, root, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => {
      const rel = relative(CORPUS, src);

      return rel !== 'oracle' && rel !== 'MANIFEST.md';
    },
  });
  writeFileSync(
    join(root, 'ngxlint.config.json'),
    JSON.stringify({ nginx: { version: '1.22.1', modules: ['debian-12'] } }),
  );

  const targets = new Map<string, string>();
  const payloads = join(CORPUS, 'oracle', 'crossplane');

  for (const row of readVerdicts()) {
    const payload = JSON.parse(readFileSync(join(payloads, `${row.path}.json`), 'utf8'));
    const target: string = payload.config[0].file;

    targets.set(row.path, target);

    if (target === row.path) continue;

    const context = /\.oracle-wrap\.([a-z-]+)\./.exec(target)![1];
    const inner = relative(dirname(target), row.path);

    writeFileSync(join(root, target), WRAPPERS[context].replace('INNER', inner));
  }

  const loaded = JSON.parse(readFileSync(join(root, 'ngxlint.config.json'), 'utf8'));
  const fs = guardedFileSystem(root);
  const settings = resolveRuleSettings(DIRECTIVE_RULES);
  const rel = (file: string) => (file.startsWith(`${root}/`) ? relative(root, file) : file);

  return {
    root,
    target: (row) => targets.get(row.path) ?? row.path,
    lint(target) {
      const config = parseConfig(join(root, target), { fs });
      const findings: Finding[] = runRules(
        { root, configs: [config], policy: {} as never, nginx: loaded.nginx },
        DIRECTIVE_RULES,
        settings,
      );
      const errors: Problem[] = config.errors
        .filter((e) => e.kind === 'syntax')
        .map((e) => ({
          file: rel(e.file),
          line: e.line,
          column: e.column,
          source: 'parser',
          message: e.message,
        }));
      const semantic: Problem[] = [];

      for (const f of findings) {
        if (f.severity === 'info') continue;

        const p = {
          file: rel(f.file),
          line: f.line,
          column: f.column,
          source: f.ruleId,
          message: f.message,
        };

        // nginx -t classes "is duplicate" and flag values as semantic errors (MANIFEST §4).
        if (f.ruleId === 'NGX016' || f.message.startsWith('invalid value')) semantic.push(p);
        else errors.push(p);
      }

      return { config, errors, semantic };
    },
    cleanup: dir.cleanup,
  };
}

/** Every default payload name, for the crossplane comparison. */
export function payloadNames(): string[] {
  return readdirSync(join(CORPUS, 'oracle', 'crossplane'), { recursive: true }) as string[];
}
