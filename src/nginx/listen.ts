// Socket addresses as nginx reads them: `listen` (https://nginx.org/r/listen), `proxy_pass`
// targets (https://nginx.org/r/proxy_pass) and upstream `server` addresses
// (https://nginx.org/r/upstream). The nginx -t issue extends this into a full socket model.
import { encodeText } from '../syntax/utf8.js';

/** One address a `listen` binds, normalised. */
export interface ListenAddress {
  kind: 'inet' | 'unix';
  /** `*` (every IPv4 address), `[::]` (every IPv6 address), an IPv4 address, `[v6]`, or a
   * host name nginx resolves at start. Empty for a unix socket. */
  host: string;
  /** 0 for a unix socket. */
  port: number;
  /** Socket path for `unix:`. */
  path?: string;
  ipv6: boolean;
  /** `*`, `0.0.0.0` or `[::]`. */
  wildcard: boolean;
  /** `default_server` (or its old spelling `default`). */
  defaultServer: boolean;
  /** The parameters after the address, as written. */
  params: string[];
  /** No `listen` in the server: nginx's default applies. */
  implicit: boolean;
  /** Canonical form: `*:80`, `[::]:80`, `127.0.0.1:8080`, `unix:/run/nginx.sock`. */
  text: string;
}

export type ListenResult = ListenAddress | { error: string };

const DEFAULT_HTTP_PORT = 80;
const NGX_MAX_INT = 2n ** 63n - 1n;

/** Reads a `listen` directive's arguments. */
export function parseListen(args: readonly string[]): ListenResult {
  const [address, ...params] = args;

  if (address === undefined) return { error: 'listen has no address' };
  if (address === '') return { error: 'no host in ""' };

  const defaultServer = params.includes('default_server') || params.includes('default');
  const common = { defaultServer, params, implicit: false };

  // nginx reads the `unix:` prefix in any case.
  if (/^unix:/i.test(address)) {
    const path = address.slice('unix:'.length);

    // Linux's sun_path holds 108 bytes, the closing NUL among them.
    if (path === '') return { error: `no path in the unix domain socket in "${address}"` };
    if (encodeText(path).length >= 108) {
      return { error: `too long path in the unix domain socket in "${address}"` };
    }

    return {
      kind: 'unix',
      host: '',
      port: 0,
      path,
      ipv6: false,
      wildcard: false,
      ...common,
      text: address,
    };
  }

  const split = splitHostPort(address);

  if ('error' in split) return split;
  if (!mayResolve(split.host)) return { error: `host not found in "${address}"` };

  const port = split.port ?? DEFAULT_HTTP_PORT;

  // A bare number is a port on every IPv4 address; a bare address listens on 80. An IPv4
  // address is compared, and named, as nginx names it: 127.000.000.001 is 127.0.0.1.
  const v4 = ipv4Of(split.host);
  const host = split.host === '' || v4 === '0.0.0.0' ? '*' : (v4 ?? split.host.toLowerCase());
  const ipv6 = host.startsWith('[');
  const wildcard = host === '*' || host === '[::]';

  return { kind: 'inet', host, port, ipv6, wildcard, ...common, text: `${host}:${port}` };
}

/**
 * Whether nginx could find a listen's host at start (it expands no variables there and asks
 * getaddrinfo). glibc sends no DNS query for a name with a character other than letters, digits,
 * `-`, `_` and `.` (a backslash escapes), one that starts with `-` or `.`, or one with an empty
 * label. Digits and dots are an IPv4 address (ipv4Of) or a name no DNS holds (no top-level
 * domain is all digits); glibc reads a final dot its own way, so those are left be. Any other
 * name may be in DNS or /etc/hosts.
 */
function mayResolve(host: string): boolean {
  if (host === '' || host === '*' || host.startsWith('[') || host.includes('\\')) return true;
  if (!/^\w[\w-]*(\.[\w-]+)*\.?$/.test(host)) return false;

  return !/^[\d.]+$/.test(host) || host.endsWith('.') || ipv4Of(host) !== undefined;
}

/**
 * The IPv4 address nginx binds for a host written as one, in dotted decimal: its own reading
 * first (four decimal numbers, leading zeros and all: `127.000.000.001`, `0177.0.0.1` is
 * 177.0.0.1), then getaddrinfo's, which is inet_aton's (`127.1`, `0x7f.1`, octal after a 0).
 */
export function ipv4Of(host: string): string | undefined {
  const decimal = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host)?.slice(1).map(Number);

  if (decimal?.every((n) => n <= 255)) return decimal.join('.');

  const parts = host
    .split('.')
    .map((p) =>
      /^0x[\da-f]+$/i.test(p)
        ? parseInt(p, 16)
        : /^0[0-7]*$/.test(p)
          ? parseInt(p, 8)
          : /^[1-9]\d*$/.test(p)
            ? Number(p)
            : NaN,
    );
  const last = parts.pop()!;
  const bytes = 4 - parts.length;

  if (parts.length > 3 || parts.some((n) => !(n <= 255)) || !(last < 256 ** bytes))
    return undefined;

  const tail = Array.from(
    { length: bytes },
    (_, i) => Math.floor(last / 256 ** (bytes - 1 - i)) % 256,
  );

  return [...parts, ...tail].join('.');
}

/** nginx's listen for a server with none: `*:80` when started as root, else `*:8000`. */
export function implicitListen(options: { asRoot: boolean }): ListenAddress {
  const port = options.asRoot ? 80 : 8000;

  return {
    kind: 'inet',
    host: '*',
    port,
    ipv6: false,
    wildcard: true,
    defaultServer: false,
    params: [],
    implicit: true,
    text: `*:${port}`,
  };
}

/**
 * Splits `host:port`, `[v6]:port`, `port`, `host`, `*:port` as ngx_parse_inet_url does: an
 * unbracketed address splits at its first `:`. Port is undefined when absent. Errors are in
 * nginx's words (`invalid port in "…"`, `invalid host in "…"`, `no host in "…"`).
 */
export function splitHostPort(text: string): { host: string; port?: number } | { error: string } {
  // A number past nginx's ngx_atoi (a 64-bit ngx_int_t) is taken for a host name (not found).
  if (/^\d+$/.test(text)) return BigInt(text) > NGX_MAX_INT ? { host: text } : checkPort('', text);

  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    const rest = text.slice(close + 1);

    if (close < 0 || (rest !== '' && !rest.startsWith(':'))) {
      return { error: `invalid host in "${text}"` };
    }

    const host = text.slice(0, close + 1).toLowerCase();

    return rest === '' ? { host } : checkPort(host, rest.slice(1));
  }

  const colon = text.indexOf(':');

  if (colon < 0) return { host: text };
  if (colon === 0) return { error: `no host in "${text}"` };

  return checkPort(text.slice(0, colon), text.slice(colon + 1));
}

function checkPort(host: string, port: string): { host: string; port: number } | { error: string } {
  const value = /^\d+$/.test(port) ? Number(port) : NaN;

  if (!(value >= 1 && value <= 65535)) {
    return { error: `invalid port in "${host === '' ? port : `${host}:${port}`}"` };
  }

  return { host, port: value };
}

/** Where a `proxy_pass` (or an upstream `server`) sends requests. */
export type ProxyTarget =
  | { kind: 'inet'; scheme: string; host: string; port: number; explicitPort: boolean }
  | { kind: 'unix'; scheme: string; path: string }
  /** A host name with no port: an `upstream` block of that name, if one exists. */
  | { kind: 'name'; scheme: string; host: string; port: number }
  /** Contains a variable that was not resolved. */
  | { kind: 'variable'; text: string };

/** Reads the URL of `proxy_pass`; undefined when it is not a URL nginx accepts. */
export function parseProxyPass(url: string): ProxyTarget | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url);

  if (!match) return url.includes('$') ? { kind: 'variable', text: url } : undefined;

  const scheme = match[1].toLowerCase();
  const rest = match[2];
  const defaultPort = scheme === 'https' ? 443 : 80;

  // http://unix:/path/to.sock:/uri — the socket path ends at the next colon.
  if (rest.startsWith('unix:')) {
    const path = rest.slice('unix:'.length).split(':')[0];

    return path.includes('$') ? { kind: 'variable', text: url } : { kind: 'unix', scheme, path };
  }

  const authority = rest.split('/')[0];

  if (authority.includes('$')) return { kind: 'variable', text: url };

  const split = splitHostPort(authority);

  if ('error' in split) return undefined;

  const host = split.host.toLowerCase();

  if (split.port === undefined && !isIpLiteral(host) && host !== 'localhost') {
    return { kind: 'name', scheme, host, port: defaultPort };
  }

  return {
    kind: 'inet',
    scheme,
    host,
    port: split.port ?? defaultPort,
    explicitPort: split.port !== undefined,
  };
}

/** Reads the address of an upstream block's `server` (default port 80). */
export function parseUpstreamServer(address: string): ProxyTarget | undefined {
  if (address.startsWith('unix:')) return { kind: 'unix', scheme: '', path: address.slice(5) };

  if (address.includes('$')) return { kind: 'variable', text: address };

  const split = splitHostPort(address);

  if ('error' in split) return undefined;

  return {
    kind: 'inet',
    scheme: '',
    host: split.host.toLowerCase(),
    port: split.port ?? DEFAULT_HTTP_PORT,
    explicitPort: split.port !== undefined,
  };
}

function isIpLiteral(host: string): boolean {
  return host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/** 127.0.0.0/8, `localhost` and `[::1]`: addresses that reach this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();

  return (
    h === 'localhost' ||
    h === 'ip6-localhost' ||
    h === '[::1]' ||
    h === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(h)
  );
}

/** A target as messages show it: `127.0.0.1:8000`, `unix:/run/app.sock`. */
export function targetText(target: ProxyTarget): string {
  switch (target.kind) {
    case 'unix':
      return `unix:${target.path}`;
    case 'variable':
      return target.text;
    default:
      return `${target.host}:${target.port}`;
  }
}

/** Loopback TCP or a unix socket: the targets the app behind nginx can be. */
export function isLocalTarget(target: ProxyTarget): boolean {
  return target.kind === 'unix' || (target.kind === 'inet' && isLoopbackHost(target.host));
}
