import type { RuleDefinition } from './types.js';

/** Where every rule's documentation lives; the docs URL is derived from the id. */
export const DOCS_BASE = 'https://github.com/ngxlint/ngxlint/blob/main/docs/rules';
export const INFORMATION_URI = 'https://github.com/ngxlint/ngxlint';

/** Typed identity for a rule module's default export. */
export function defineRule<Options = Record<string, unknown>>(
  rule: RuleDefinition<Options>,
): RuleDefinition<Options> {
  return rule;
}

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}/${ruleId}.md`;
}

/** Finds a rule by code (any case) or kebab-case name. */
export function findRule<R extends { id: string; name: string }>(
  rules: readonly R[],
  nameOrId: string,
): R | undefined {
  const wanted = nameOrId.trim();

  return rules.find((r) => r.id.toLowerCase() === wanted.toLowerCase() || r.name === wanted);
}

/** The rules of a registry module (`rules/index.ts` re-exports one rule per line), by code. */
export function rulesOf(registry: Record<string, unknown>): RuleDefinition<any>[] {
  const isRule = (value: unknown): value is RuleDefinition<any> =>
    typeof value === 'object' && value !== null && 'id' in value && 'create' in value;

  return Object.values(registry)
    .filter(isRule)
    .sort((a, b) => a.id.localeCompare(b.id));
}
