// nginx's `duplicate location "/x"`: two prefix (or two exact `=`) locations with one URI in the
// same block; nginx reports the second (ngx_http_join_exact_locations). Regex and named
// locations are not compared.
import { defineRule } from '../src/engine/define.js';
import { anchorOf } from '../src/engine/runner.js';
import type { Directive } from '../src/syntax/tree.js';

/** `=` for an exact location, `prefix` for a plain or `^~` one; undefined for regex and named. */
function kindOf(d: Directive): { kind: string; uri: string } | undefined {
  const first = d.args[0]?.value;
  const second = d.args[1]?.value;

  if (first === '=' && second !== undefined) return { kind: 'exact', uri: second };
  if (first === '^~' && second !== undefined) return { kind: 'prefix', uri: second };
  if (first === undefined || first.startsWith('~') || first.startsWith('@')) return undefined;
  if (first.startsWith('=')) return { kind: 'exact', uri: first.slice(1) };
  if (first.startsWith('^~')) return { kind: 'prefix', uri: first.slice(2) };

  return { kind: 'prefix', uri: first };
}

export default defineRule({
  id: 'NGX101',
  name: 'duplicate-location',
  description: 'Disallow two locations with the same URI and match kind in one block',
  severity: 'error',
  tags: ['nginx-t', 'location'],
  messages: {
    duplicate: 'duplicate location "{{uri}}", first at {{first}}',
  },
  directives: ['location'],
  create: (context) => {
    const seen = new Map<object, Map<string, Directive>>();

    return {
      config: () => seen.clear(),
      directive: (d, path, config) => {
        const kind = kindOf(d);

        if (!kind || !d.block) return;

        const parent = path.ancestors.at(-1) ?? config;
        let byKey = seen.get(parent);

        if (!byKey) {
          byKey = new Map<string, Directive>();
          seen.set(parent, byKey);
        }

        const key = `${kind.kind} ${kind.uri}`;
        const first = byKey.get(key);

        if (!first) {
          byKey.set(key, d);

          return;
        }

        context.report({
          messageId: 'duplicate',
          data: { uri: kind.uri, first: `${context.relativePath(first.file)}:${first.line}` },
          node: d,
          related: [{ ...anchorOf(first), message: 'first location with this URI' }],
        });
      },
    };
  },
});
