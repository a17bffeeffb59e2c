// The context an entry is read in (a flag, a `# ngxlint: context=` comment, or what a
// fragment's top-level directives imply), and what to tell the user about it.
import { LintInputError } from '../engine/errors.js';
import { CONTEXTS, declaredContext, impliedContext, topLevelDirectives } from './context.js';
import type { LintTarget } from './index.js';

/** The blocks a target's entry is read inside: [] for nginx's main context. */
export function chooseContext(
  target: LintTarget,
  text: string,
  flag: string | undefined,
): string[] {
  if (flag !== undefined) return CONTEXTS[flag];

  const declared = declaredContext(text);

  if (declared !== undefined) {
    if (!Object.hasOwn(CONTEXTS, declared)) {
      throw new LintInputError(
        `${target.entry}:1:1: "# ngxlint: context=${declared}" names no context, expected one of ${Object.keys(CONTEXTS).join(', ')}`,
      );
    }

    return CONTEXTS[declared];
  }

  return target.kind === 'fragment' ? impliedContext(text).blocks : [];
}

// Directives that live inside http (or deeper), never at the top of nginx.conf.
const INSIDE_HTTP = new Set([
  'server',
  'upstream',
  'map',
  'geo',
  'split_clients',
  'limit_req_zone',
  'limit_conn_zone',
  'proxy_cache_path',
  'log_format',
  'location',
  'listen',
  'server_name',
]);

/** For a FILE read in the main context whose top-level directives belong inside http: how to
 * say so (a site file given as PATH otherwise gets "not allowed here" on every block). */
export function contextHint(text: string): string | undefined {
  if (declaredContext(text) !== undefined) return undefined;

  const names = topLevelDirectives(text);
  const inside = names.find((n) => INSIDE_HTTP.has(n));

  if (inside === undefined || impliedContext(text).name === 'main') return undefined;

  const context = impliedContext(text).name;

  return (
    `its top-level "${inside}" belongs inside ${context === 'server' ? 'a server' : 'http'}, but a FILE is read in nginx's ` +
    `main context; give --context ${context} or put "# ngxlint: context=${context}" at its top`
  );
}

export function describeContext(blocks: string[]): string {
  return blocks.length === 0 ? "read in nginx's main context" : `read inside ${blocks.join(' > ')}`;
}
