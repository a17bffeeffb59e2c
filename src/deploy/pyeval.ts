// Evaluates an entry point's small expressions (literals, os.environ reads with defaults,
// f-strings) against the environment a launcher gives the process.
import type { DeployContext } from './context.js';
import { originAt, showAt } from './context.js';
import type { EnvVar, Origin, PyValue } from './types.js';

export interface PyResult {
  /** undefined when not known statically. */
  value?: string;
  origin: Origin;
  /** Environment variables the value was read from. */
  reads: string[];
}

export function evaluatePy(
  context: DeployContext,
  value: PyValue,
  env: Map<string, EnvVar>,
  what: string,
): PyResult {
  switch (value.kind) {
    case 'literal':
      return {
        value: String(value.value),
        origin: originAt(context, what, value.location),
        reads: [],
      };
    case 'env': {
      const variable = env.get(value.name);
      const readAt = showAt(context, value.location);

      if (variable) {
        return {
          value: variable.value,
          origin: { ...variable.origin, note: `read by ${readAt}` },
          reads: [value.name],
        };
      }

      if (value.fallback) {
        const fallback = evaluatePy(context, value.fallback, env, what);

        return {
          ...fallback,
          origin: originAt(context, `the default of ${value.name}`, value.fallback.location),
          reads: [value.name, ...fallback.reads],
        };
      }

      return { origin: originAt(context, value.name, value.location), reads: [value.name] };
    }
    case 'concat': {
      const parts = value.parts.map((part) => evaluatePy(context, part, env, what));
      const known = parts.every((p) => p.value !== undefined);
      const fromEnv = parts.find((p) => p.reads.length > 0);

      return {
        value: known ? parts.map((p) => p.value).join('') : undefined,
        origin: fromEnv?.origin ?? originAt(context, what, value.location),
        reads: parts.flatMap((p) => p.reads),
      };
    }
    default:
      return { origin: originAt(context, what, value.location), reads: [] };
  }
}
