// Runs nginx -t rules through the engine's runner on in-memory config trees.
import { runRules } from '../../src/engine/runner.js';
import { resolveRuleSettings } from '../../src/engine/settings.js';
import type { Finding, Project, RuleDefinition } from '../../src/engine/types.js';
import { memoryFileSystem } from '../../src/include/memory-fs.js';
import type { NginxTarget } from '../../src/nginx/table.js';
import { parseConfig } from '../../src/syntax/config.js';
import type { ParsedConfig } from '../../src/syntax/tree.js';

export const ROOT = '/srv/site';

export interface RunOptions {
  /** Entry file, relative to ROOT (default nginx.conf). */
  entry?: string;
  entryContext?: string[];
  target?: NginxTarget;
}

/** Parses `files` (paths relative to ROOT) from the entry and returns the config. */
export function parseTree(files: Record<string, string>, options: RunOptions = {}): ParsedConfig {
  const fs = memoryFileSystem(
    Object.fromEntries(Object.entries(files).map(([k, v]) => [`${ROOT}/${k}`, v])),
  );

  return parseConfig(`${ROOT}/${options.entry ?? 'nginx.conf'}`, {
    fs,
    entryContext: options.entryContext,
  });
}

export function projectOf(configs: ParsedConfig[], target?: NginxTarget): Project {
  return {
    root: ROOT,
    configs,
    policy: { appPort: 8000, appPortSources: [], alternatePort: 8001, nginxPorts: [80, 443] },
    ...(target ? { nginx: target } : {}),
  };
}

/** Runs `rules` on a tree; a single string is the entry file's text. */
export function lint(
  rules: RuleDefinition<any>[],
  files: Record<string, string> | string,
  options: RunOptions = {},
): Finding[] {
  const tree = typeof files === 'string' ? { [options.entry ?? 'nginx.conf']: files } : files;
  const config = parseTree(tree, options);

  return runRules(projectOf([config], options.target), rules, resolveRuleSettings(rules));
}

/** The parts of a finding a test compares: rule, message, file (relative), positions. */
export function brief(f: Finding): string {
  return `${f.ruleId} ${f.file.replace(`${ROOT}/`, '')}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`;
}
