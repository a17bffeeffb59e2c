// What the JSON Schema cannot say about ngxlint.config.json: keys that name JavaScript's object
// machinery, and an alternate app port equal to the app port. Run after schema validation.
import type { ProjectConfig } from './types.js';

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface ConfigProblem {
  /** JSON pointer of the offending key. */
  pointer: string;
  text: string;
}

/** The first reserved key anywhere in the document (schema validators may not see an own
 * `__proto__` as an unknown key, and `pathMap` accepts any key). */
export function reservedKey(value: unknown, pointer = ''): ConfigProblem | undefined {
  if (value === null || typeof value !== 'object') return undefined;

  for (const key of Object.keys(value)) {
    const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

    if (RESERVED_KEYS.has(key) && !Array.isArray(value)) {
      const where = pointer.split('/').slice(1).join('.');
      const text =
        pointer === '/rules'
          ? `unknown rule "${key}" in "rules" (see ngxlint rules for codes and names)`
          : `key "${key}"${where ? ` in "${where}"` : ''} is not accepted (a reserved name)`;

      return { pointer: child, text };
    }

    const inner = reservedKey((value as Record<string, unknown>)[key], child);

    if (inner) return inner;
  }

  return undefined;
}

/** Relations between keys of a schema-valid config. */
export function semanticProblem(config: ProjectConfig): ConfigProblem | undefined {
  const app = config.app;

  // Without app.port the app port may come from a flag or a launcher: the policy then swaps.
  if (app?.alternatePort !== undefined && app.alternatePort === app.port) {
    return {
      pointer: '/app/alternatePort',
      text: `"app.alternatePort" is ${app.alternatePort}, expected a port other than app.port`,
    };
  }

  return undefined;
}
