// Addresses and where they came from, shared by the servers' readers: TCP and unix binds, the
// IP families a socket answers, gunicorn's address syntax, and settings that had no effect.
import type { DeployContext, RichWord } from './context.js';
import { originAt } from './context.js';
import type { Bind, EnvVar, Location, Origin, ServerKind, Sourced } from './types.js';

export interface ServerRequest {
  server: ServerKind;
  /** Arguments after the program (for python: after the interpreter's own flags). */
  args: RichWord[];
  env: Map<string, EnvVar>;
  /** An env file of the launcher's environment that was not read: `"/srv/app/.env" (…)`. */
  envUnread?: string;
  /** Shell variables that were set but not exported: they never reach the server. */
  unexported: EnvVar[];
  cwd?: string;
  /** For `python3 main.py`: the script word. */
  script?: RichWord;
  location: Location;
}

export interface ServerAddress {
  binds: Bind[];
  settings: Origin[];
  addressFrom: string;
  daemonizes?: Location;
  app?: string;
  entryPoint?: string;
  /** false when a python script turned out not to start a server. */
  isServer: boolean;
}

export const PORT_NAMES = /(^|_)(PORT|HOST|UDS|BIND)$|^GUNICORN_CMD_ARGS$/;

export function flagOrigin(context: DeployContext, name: string, word: RichWord): Origin {
  return originAt(context, name, word.location);
}

export function fromWord(
  context: DeployContext,
  name: string,
  word: RichWord,
): Sourced<string> | undefined {
  return word.known ? { value: word.value, origin: flagOrigin(context, name, word) } : undefined;
}

export function fromEnv(env: Map<string, EnvVar>, name: string): Sourced<string> | undefined {
  const found = env.get(name);

  return found && found.value !== undefined
    ? { value: found.value, origin: found.origin }
    : undefined;
}

export function defaultOrigin(label: string): Origin {
  return { label, effective: true };
}

/** Settings that name a port or host but were not exported, or were overridden. */
export function unusedSettings(request: ServerRequest, used: Set<string>, why: string): Origin[] {
  const out: Origin[] = [];

  for (const variable of request.unexported) {
    if (PORT_NAMES.test(variable.name)) {
      out.push({ ...variable.origin, effective: false, note: 'set but not exported' });
    }
  }

  for (const variable of request.env.values()) {
    if (PORT_NAMES.test(variable.name) && !used.has(variable.name)) {
      out.push({ ...variable.origin, effective: false, note: why });
    }
  }

  return out;
}

/**
 * A port or host variable expanded into the command line (`--port ${PORT}`) reaches the server
 * through it: it takes effect, whatever the server reads from its environment.
 */
export function throughCommandLine(request: ServerRequest, settings: Origin[]): Origin[] {
  const expanded = request.args
    .flatMap((word) => word.expanded ?? [])
    .filter((variable) => PORT_NAMES.test(variable.name));
  const place = ({ location: at }: Origin) => at && `${at.file}:${at.line}:${at.column}`;
  const places = new Set(expanded.map((variable) => place(variable.origin)));
  const note = (origin: Origin) =>
    `${origin.note ? `${origin.note}, ` : ''}expanded into the command line`;

  return [
    ...settings.filter((origin) => !place(origin) || !places.has(place(origin))),
    ...expanded.map(({ origin }) => ({ ...origin, effective: true, note: note(origin) })),
  ];
}

export function unixBind(path: Sourced<string> | 'unknown', variable: string): Bind {
  if (path === 'unknown') return { kind: 'unix', unknown: `${variable} or its flag is not known` };

  return { kind: 'unix', path };
}

/** A value that cannot be known, with why when there is more to say. */
export type Unknown = 'unknown' | { unknown: string };

export function tcpBind(
  host: Sourced<string> | 'unknown',
  port: Sourced<string> | Unknown,
  ipv6Any: 'dual' | 'v6only',
): Bind {
  const bind: Bind = { kind: 'tcp' };

  if (host === 'unknown') bind.unknown = 'the host is not known statically';
  else {
    bind.host = host;
    bind.families = families(host.value, ipv6Any);
  }

  if (port === 'unknown') bind.unknown = 'the port is not known statically';
  else if ('unknown' in port) bind.unknown = port.unknown;
  else if (!/^\d{1,5}$/.test(port.value) || Number(port.value) > 65535) {
    bind.unknown = `the port set by ${port.origin.label} is not a number`;
  } else bind.port = { value: Number(port.value), origin: port.origin };

  return bind;
}

/** Whether Python's int() reads the text, as click does for a port: `8000`, ` +8_000 `. */
export function pythonInt(text: string): boolean {
  return /^\s*[+-]?\p{Nd}+(?:_\p{Nd}+)*\s*$/u.test(text);
}

export function families(host: string, ipv6Any: 'dual' | 'v6only'): Array<'ipv4' | 'ipv6'> {
  if (host === '::' || host === '[::]') return ipv6Any === 'dual' ? ['ipv6', 'ipv4'] : ['ipv6'];

  if (host.includes(':')) return ['ipv6'];

  if (host === 'localhost') return ipv6Any === 'dual' ? ['ipv4'] : ['ipv4', 'ipv6'];

  return ['ipv4'];
}

/** gunicorn's parse_address: `unix:PATH`, `fd://N`, `[v6]:port`, `host:port`, `host`, ``. */
export function gunicornAddress(text: Sourced<string>): Bind {
  const value = text.value.startsWith('tcp://') ? text.value.slice(6) : text.value;

  if (value.startsWith('unix:')) {
    return {
      kind: 'unix',
      path: { value: value.replace(/^unix:(\/\/)?/, ''), origin: text.origin },
    };
  }

  if (value.startsWith('fd://')) return { kind: 'tcp', unknown: 'a socket passed as fd://' };

  let host = value;
  let port = '8000';

  if (value.startsWith('[') && value.includes(']')) {
    host = value.slice(1, value.indexOf(']'));
    port = value.split(']:')[1] ?? '8000';
  } else if (value.includes(':')) {
    [host, port] = value.split(':');
  } else if (value === '') host = '0.0.0.0';

  // An empty host binds every IPv4 address, as gunicorn's socket does.
  return tcpBind(
    { value: host === '' ? '0.0.0.0' : host.toLowerCase(), origin: text.origin },
    { value: port, origin: text.origin },
    'dual',
  );
}
