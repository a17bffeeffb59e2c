// What nginx's source does not say about a directive: its description, syntax text, default and
// documentation link, from @nginx/reference-lib (generated from nginx.org's documentation).
// The package is 1.7 MB of data, so it is imported on first use only. Its syntax strings
// include NGINX Plus parameters: argument counts come from the generated table, never from here.
import type { DirectiveTable } from './table.js';

/** One directive of one module, as nginx.org documents it (Markdown). */
export interface DirectiveReference {
  name: string;
  /** `ngx_http_proxy_module`; nginx.org's "Core functionality" is `ngx_core_module`. */
  module: string;
  /** One line per form, Markdown: `` *`URL`* ``; a block's ends in `` `{...}` ``. */
  syntax: string[];
  /** As nginx.org shows it, e.g. `proxy_buffering on;`; empty when there is none. */
  default: string;
  /** nginx.org's words: `http`, `server`, `if in location` … */
  contexts: string[];
  block: boolean;
  description: string;
  url: string;
}

let byName: Map<string, DirectiveReference[]> | undefined;

/** The page of a module on nginx.org, anchored at the directive. */
export function docUrl(module: string, name: string): string {
  const area = /^ngx_(http|stream|mail)_/.exec(module)?.[1];
  const page = area ? `${area}/${module}` : module;

  return `https://nginx.org/en/docs/${page}.html#${name}`;
}

async function load(): Promise<Map<string, DirectiveReference[]>> {
  if (byName) return byName;

  const lib = await import('@nginx/reference-lib');
  const map = new Map<string, DirectiveReference[]>();

  for (const d of lib.getDirectives(lib.Format.Markdown)) {
    const module = d.module.startsWith('ngx_') ? d.module : 'ngx_core_module';
    const entry: DirectiveReference = {
      name: d.name,
      module,
      syntax: d.syntax.map((s) => s.trim()),
      default: d.default,
      contexts: d.contexts,
      block: d.isBlock,
      description: d.description,
      url: docUrl(module, d.name),
    };

    map.set(d.name, [...(map.get(d.name) ?? []), entry]);
  }

  byName = map;

  return map;
}

/** nginx.org's entries for a name, one per module that documents it (`listen`: http, mail,
 * stream); empty when nginx.org documents no such directive. */
export async function findReference(name: string): Promise<DirectiveReference[]> {
  return (await load()).get(name) ?? [];
}

/** A syntax line as plain text: `proxy_pass URL;`, `server { ... }`. */
export function plainSyntax(
  entry: Pick<DirectiveReference, 'name' | 'block'>,
  syntax: string,
): string {
  const text = syntax
    .replace(/\*`([^`]*)`\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\{\.\.\.\}/, '{ ... }')
    .trim();

  return entry.block ? `${entry.name} ${text}` : `${entry.name} ${text};`.replace(/ ;$/, ';');
}

/** nginx's context bits in nginx.org's words. */
const CONTEXT_WORDS: Record<string, string> = {
  ANY: 'any',
  MAIN: 'main',
  EVENT: 'events',
  HTTP_MAIN: 'http',
  HTTP_SRV: 'server',
  HTTP_LOC: 'location',
  HTTP_SIF: 'if in server',
  HTTP_LIF: 'if in location',
  HTTP_LMT: 'limit_except',
  HTTP_UPS: 'upstream',
  STREAM_MAIN: 'stream',
  STREAM_SRV: 'server in stream',
  STREAM_UPS: 'upstream in stream',
  MAIL_MAIN: 'mail',
  MAIL_SRV: 'server in mail',
  RTMP_MAIN: 'rtmp',
  RTMP_SRV: 'server in rtmp',
  RTMP_APP: 'application',
  RTMP_REC: 'recorder',
};

function section(entry: DirectiveReference): string {
  const syntax = entry.syntax.map((s) => plainSyntax(entry, s));
  const fallback = entry.default ? `${entry.name} ${entry.default.replace(/`/g, '')};` : '—';

  return [
    `# ${entry.name} (${entry.module})`,
    '',
    ...syntax.map((s, i) => `${i === 0 ? 'Syntax: ' : '        '} ${s}`),
    `Default: ${fallback}`,
    `Context: ${entry.contexts.join(', ')}`,
    '',
    entry.description.trim(),
    '',
    `Documentation: ${entry.url}`,
  ].join('\n');
}

/** `ngxlint explain DIRECTIVE`: nginx.org's entries, or what the table knows of a third-party
 * directive nginx.org does not document; undefined when neither knows the name. */
export async function explainDirective(
  name: string,
  table: Pick<DirectiveTable, 'lookup' | 'whyUnknown' | 'version'>,
): Promise<string | undefined> {
  const entries = await findReference(name);
  const specs = table.lookup(name);

  if (entries.length === 0 && specs.length === 0) return undefined;

  const parts = entries.map(section);

  if (entries.length === 0) {
    for (const spec of specs) {
      const contexts = spec.contexts.map((c) => CONTEXT_WORDS[c] ?? c);

      parts.push(
        [
          `# ${name} (${spec.module})`,
          '',
          `Module:  ${spec.provider === 'nginx' ? 'nginx' : `third-party ("${spec.provider}" in nginx.modules)`}`,
          `Context: ${contexts.join(', ')}`,
          `Block:   ${spec.block ? 'yes' : 'no'}`,
          '',
          "nginx.org does not document it: see the module's own documentation.",
        ].join('\n'),
      );
    }
  }

  // nginx.org documents NGINX Plus and every release: say when the default target lacks it.
  if (specs.length === 0) {
    const why = table.whyUnknown(name);
    const reason =
      why?.kind === 'newer'
        ? `nginx ${why.since} brings it`
        : why?.kind === 'removed'
          ? `nginx ${why.removed} removed it`
          : 'NGINX Plus, or a module ngxlint has no table for';

    parts.push(
      `Note: not a directive of nginx ${table.version} with every module ngxlint knows (${reason}).`,
    );
  }

  return `${parts.join('\n\n')}\n`;
}
