// Which http servers nginx can give a certificate: `ssl_certificate` and `ssl_reject_handshake`
// are read in a server block or inherited from http (a server's own value wins), and a server
// with neither cannot take a TLS handshake. nginx checks it in ngx_http_ssl_init and, for the
// old `ssl on`, when it merges the server's settings.
import type { Directive, ParsedConfig } from '../syntax/tree.js';
import { walkConfig } from '../syntax/walk.js';
import { getOrAdd } from '../memo.js';

/** What one block (a server, or the http level around it) sets itself. */
interface OwnSettings {
  certificate?: Directive;
  rejectHandshake?: boolean;
  /** The `ssl on|off` directive, removed from nginx in 1.25.1. */
  ssl?: Directive;
  /** An include here was not read (missing, stock, outside the root): it may set anything. */
  unread?: boolean;
}

export interface ServerTls {
  /** A certificate is set in the server or inherited from http, or may be: an include there
   * was not read. */
  certificate: boolean;
  /** `ssl_reject_handshake on`, in the server or inherited. */
  rejectHandshake: boolean;
  /** The `ssl on` in force, in the server or inherited; undefined for off or none. */
  sslOn?: Directive;
}

const NAMES = new Set(['ssl_certificate', 'ssl_reject_handshake', 'ssl', 'server', 'include']);
const cache = new WeakMap<ParsedConfig, Map<Directive, ServerTls>>();

/** The TLS settings in force in each http server block of `config`. */
export function serverTlsOf(config: ParsedConfig): Map<Directive, ServerTls> {
  let found = cache.get(config);

  if (found) return found;

  // The block a directive sits in directly; the config itself stands for a file's top level.
  const own = new Map<object, OwnSettings>();
  const parents = new Map<Directive, object>();
  const settingsOf = (block: object) => getOrAdd(own, block, (): OwnSettings => ({}));

  const unread = new Set(config.errors.flatMap((e) => (e.include ? [e.include] : [])));

  walkConfig(config, (d, path) => {
    if (!NAMES.has(d.name)) return;

    const block = path.ancestors.at(-1) ?? config;
    const value = d.args[0]?.value.toLowerCase();

    if (d.name === 'include') {
      if (unread.has(d)) settingsOf(block).unread = true;
    } else if (d.name === 'server') {
      if (d.block && path.context.at(-1) === 'http') parents.set(d, block);
    } else if (path.context.at(-1) === 'http' || path.context.at(-1) === 'server') {
      const settings = settingsOf(block);

      if (d.name === 'ssl_certificate') settings.certificate ??= d;
      else if (d.name === 'ssl_reject_handshake') settings.rejectHandshake = value === 'on';
      else settings.ssl = value === 'on' ? d : undefined;
    }
  });

  found = new Map();

  for (const [server, http] of parents) {
    const inner = own.get(server) ?? {};
    const outer = own.get(http) ?? {};
    const sslOn = 'ssl' in inner ? inner.ssl : outer.ssl;

    found.set(server, {
      certificate:
        (inner.certificate ?? outer.certificate) !== undefined ||
        inner.unread === true ||
        outer.unread === true,
      rejectHandshake: inner.rejectHandshake ?? outer.rejectHandshake ?? false,
      ...(sslOn ? { sslOn } : {}),
    });
  }

  cache.set(config, found);

  return found;
}
