// What every nginx package installs (mime.types, proxy_params, snippets/…): a tree often leaves
// these out, and an include of one is assumed to work on the server (NGX007, the sockets
// command), where any other missing file is a real problem (NGX002).
import { posix } from 'node:path';
import type { ParseError, ParsedConfig } from '../syntax/tree.js';

const STOCK = [
  /^mime\.types$/,
  /^(fastcgi|proxy|scgi|uwsgi)_params$/,
  /^fastcgi\.conf$/,
  /^(koi-utf|koi-win|win-utf)$/,
  /^snippets\/(fastcgi-php|snakeoil)\.conf$/,
  /^modules-enabled\/[^/]+\.conf$/,
];

// Any other snippets/NAME is assumed to live on the server only while the tree ships no
// snippets of its own; once it does, a missing one is a real missing file (NGX002).
const SERVER_SNIPPET = /^snippets\/[^/]+$/;

/**
 * The include names a file of a stock install, relative to /etc/nginx or the prefix. With
 * `config`, a snippets/ file counts only when the tree read no snippet of its own.
 */
export function isStockInclude(path: string, prefix: string, config?: ParsedConfig): boolean {
  const normal = posix.normalize(path);
  const relative = normal.startsWith('/etc/nginx/')
    ? normal.slice('/etc/nginx/'.length)
    : normal.startsWith(`${prefix}/`)
      ? normal.slice(prefix.length + 1)
      : posix.isAbsolute(normal)
        ? undefined
        : normal;

  if (relative === undefined) return false;
  if (STOCK.some((p) => p.test(relative))) return true;

  return (
    SERVER_SNIPPET.test(relative) &&
    !config?.files.some((f) => f.path.startsWith(`${prefix}/snippets/`))
  );
}

export function isStockIncludeError(error: ParseError, config: ParsedConfig): boolean {
  const target = error.include?.args[0]?.value;

  // Refused by the root guard (outside the root) counts too: the file is stock, not a risk.
  const kind = error.kind === 'include' || error.kind === 'outside-root';

  return kind && target !== undefined && isStockInclude(target, config.prefix, config);
}
