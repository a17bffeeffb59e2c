// One `ngxlint ports` run as a library call: the live rules of the registry (tag `live`), plus
// the parse and include rules (NGX00x) when an nginx config was read, run over a snapshot.
import type { Deployment } from '../deploy/types.js';
import { runRules } from '../engine/runner.js';
import type { RuleSetting } from '../engine/settings.js';
import type { Finding, PortPolicy, Project, RuleDefinition } from '../engine/types.js';
import type { ParsedConfig } from '../syntax/tree.js';
import type { LiveInput } from './live-input.js';
import type { LiveSnapshot } from './types.js';

export interface LiveCheckOptions {
  snapshot: LiveSnapshot;
  policy: PortPolicy;
  root: string;
  /** The parsed --nginx-conf, when given. */
  configs: ParsedConfig[];
  /** Where findings without a config line of their own point. */
  anchorFile: string;
  /** The whole registry; the live rules are picked from it. */
  rules: readonly RuleDefinition<any>[];
  settings: Map<string, RuleSetting>;
  deployment?: Deployment;
}

export interface LiveCheckResult {
  findings: Finding[];
  /** Rule name → why it could not run. */
  skipped: Map<string, string>;
}

/** Is the rule one `ports` runs? Live rules always; parse errors when a config was read. */
export function isPortsRule(rule: RuleDefinition<any>, withConfig: boolean): boolean {
  return rule.tags.includes('live') || (withConfig && /^NGX00[1-7]$/.test(rule.id));
}

export function checkLive(options: LiveCheckOptions): LiveCheckResult {
  const skipped = new Map<string, string>();
  const live: LiveInput = {
    snapshot: options.snapshot,
    anchorFile: options.anchorFile,
    couldNotRun: (rule, reason) => skipped.set(rule, reason),
  };
  const project: Project & { live: LiveInput } = {
    root: options.root,
    configs: options.configs,
    policy: options.policy,
    live,
    ...(options.deployment !== undefined ? { deployment: options.deployment } : {}),
  };
  const rules = options.rules.filter((r) => isPortsRule(r, options.configs.length > 0));

  return { findings: runRules(project, rules, options.settings), skipped };
}
