import { findRule } from './define.js';
import { LintInputError } from './errors.js';
import type { RuleDefinition, Severity, SeveritySetting } from './types.js';

/** A rule's setting as written in the project config: a severity, or [severity, options]. */
export type RuleSettingInput = SeveritySetting | [SeveritySetting, Record<string, unknown>?];

export interface RuleSetting {
  severity: SeveritySetting;
  /** Set by the config or --rule: then it also overrides per-finding severities. */
  explicit: boolean;
  options: Record<string, unknown>;
}

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

/**
 * Each rule's severity and options for a run: the rule's defaults, then the project config,
 * then `--rule NAME=SEVERITY` overrides. Rules are named by code or name.
 */
export function resolveRuleSettings(
  rules: readonly RuleDefinition<any>[],
  config: Record<string, RuleSettingInput> = {},
  overrides: string[] = [],
): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();

  for (const rule of rules) {
    settings.set(rule.id, {
      severity: rule.severity,
      explicit: false,
      options: { ...((rule.defaultOptions as Record<string, unknown>) ?? {}) },
    });
  }

  for (const [name, value] of Object.entries(config)) {
    const rule = requireRule(rules, name, 'in the project config "rules"');
    const current = settings.get(rule.id)!;
    const [severity, options] = Array.isArray(value) ? value : [value, undefined];

    current.severity = severity;
    current.explicit = true;
    if (options) current.options = { ...current.options, ...options };
  }

  for (const override of overrides) {
    const match = /^([^=]+)=(.*)$/.exec(override);

    if (!match || !SEVERITY_SETTINGS.includes(match[2] as SeveritySetting)) {
      throw new LintInputError(
        `--rule "${override}" must be NAME=SEVERITY with SEVERITY one of ${SEVERITY_SETTINGS.join(', ')}`,
      );
    }

    const rule = requireRule(rules, match[1], 'in --rule');
    const current = settings.get(rule.id)!;

    current.severity = match[2] as SeveritySetting;
    current.explicit = true;
  }

  return settings;
}

function requireRule(
  rules: readonly RuleDefinition<any>[],
  name: string,
  where: string,
): RuleDefinition<any> {
  const rule = findRule(rules, name);

  if (!rule) {
    throw new LintInputError(
      `unknown rule "${name}" ${where} (see ngxlint rules for codes and names)`,
    );
  }

  return rule;
}

export function isSeverity(value: SeveritySetting): value is Severity {
  return value !== 'off';
}
