// The sockets an http{} configuration makes nginx bind, built on the listen normaliser in
// listen.ts and following ngx_http_add_listen / ngx_http_add_addresses /
// ngx_http_init_listening (https://nginx.org/r/listen): one entry per family, protocol and
// address:port; a wildcard address covers the specific ones of its port unless they need a
// socket of their own; options clash as nginx reports them.
// Known shortcomings: stream and mail listens are not modelled here (NGX027 compares them with
// http's); host names in listen are not resolved.
import type { Directive, ParsedConfig } from '../syntax/tree.js';
import { walkConfig } from '../syntax/walk.js';
import { contextOf } from './context.js';
import { compareVersions } from './table.js';
import { implicitListen, parseListen, type ListenAddress } from './listen.js';
import { getOrAdd } from '../memo.js';

/** Parameters that give an address a socket of its own (nginx sets `bind` for each). */
const SOCKET_OPTIONS =
  /^(bind|ipv6only=|reuseport|backlog=|rcvbuf=|sndbuf=|deferred|accept_filter=|fastopen=|setfib=|so_keepalive=|multipath)/;

export interface ServerInfo {
  block: Directive;
  /** server_name values as written, with the directive that gave each. */
  names: { name: string; directive?: Directive }[];
  listens: ListenEntry[];
}

export interface ListenEntry {
  /** Undefined for a server without `listen` (nginx's default). */
  directive?: Directive;
  /** The includes that brought the listen in, outermost first. */
  includeChain: Directive[];
  server: ServerInfo;
  address: ListenAddress;
  protocol: 'tcp' | 'udp';
  /** The socket options among the parameters (they imply `bind`). */
  socketOptions: string[];
  protocols: { proxyProtocol: boolean; ssl: boolean; http2: boolean };
}

export interface AddressGroup {
  /** `tcp *:80`, `udp [::]:443` … */
  key: string;
  text: string;
  protocol: 'tcp' | 'udp';
  entries: ListenEntry[];
  /** Servers on this address, in configuration order. */
  servers: ServerInfo[];
  /** The server nginx picks when no name matches: the `default_server`, else the first. */
  defaultServer: ServerInfo;
  /** Bound as a socket of its own; false when a wildcard of its port serves it. */
  bound: boolean;
  coveredBy?: string;
  /** Names a second server claims on this address: nginx warns and ignores them there. */
  shadowed: { name: string; server: ServerInfo; directive?: Directive; winner: ServerInfo }[];
}

export type SocketProblem =
  | { kind: 'duplicate-listen-options'; entry: ListenEntry; first: ListenEntry }
  | { kind: 'duplicate-default-server'; entry: ListenEntry; first: ListenEntry }
  | { kind: 'protocol-options-redefined'; entry: ListenEntry; first: ListenEntry }
  | { kind: 'dual-stack'; entry: ListenEntry; other: ListenEntry };

export interface SocketModel {
  servers: ServerInfo[];
  addresses: AddressGroup[];
  problems: SocketProblem[];
}

export interface SocketOptions {
  /** nginx started as root: a server without listen takes *:80, else *:8000. */
  asRoot?: boolean;
  /** nginx release: "protocol options redefined" exists from 1.23.4 on. */
  version?: string;
}

function entryOf(
  directive: Directive | undefined,
  server: ServerInfo,
  address: ListenAddress,
  includeChain: Directive[] = [],
): ListenEntry {
  const params = address.params;

  return {
    directive,
    includeChain,
    server,
    address,
    protocol: params.includes('quic') ? 'udp' : 'tcp',
    socketOptions: params.filter((p) => SOCKET_OPTIONS.test(p)),
    protocols: {
      proxyProtocol: params.includes('proxy_protocol'),
      ssl: params.includes('ssl'),
      http2: params.includes('http2'),
    },
  };
}

/** Every http server of the config with its listens and names, in configuration order. */
export function collectServers(config: ParsedConfig, options: SocketOptions = {}): ServerInfo[] {
  const servers: ServerInfo[] = [];
  const written = new Set<ServerInfo>();
  let current: ServerInfo | undefined;

  walkConfig(config, (d, path) => {
    // Only these three matter, and most directives are none of them.
    if (d.name !== 'server' && d.name !== 'listen' && d.name !== 'server_name') return;

    const ctx = contextOf(path.context);

    if (d.name === 'server' && d.block && ctx.mask === 'HTTP_MAIN' && ctx.type === 'HTTP') {
      current = { block: d, names: [], listens: [] };
      servers.push(current);

      return;
    }

    if (!current || !path.ancestors.includes(current.block) || ctx.mask !== 'HTTP_SRV') return;

    if (d.name === 'listen') {
      const address = parseListen(d.args.map((a) => a.value));

      written.add(current);

      if (!('error' in address))
        current.listens.push(entryOf(d, current, address, path.includeChain));
    } else if (d.name === 'server_name') {
      for (const a of d.args) current.names.push({ name: a.value, directive: d });
    }
  });

  for (const server of servers) {
    // nginx's default listen is for a server with no listen at all, not one whose listen it
    // refuses (NGX025 reports that).
    if (server.listens.length === 0 && !written.has(server)) {
      server.listens.push(
        entryOf(undefined, server, implicitListen({ asRoot: options.asRoot ?? true })),
      );
    }

    if (server.names.length === 0) server.names.push({ name: '' });

    // Filled by push, these keep room for 16: exact copies for the model that stays.
    server.listens = server.listens.slice();
    server.names = server.names.slice();
  }

  return servers;
}

function protocolBits(p: ListenEntry['protocols']): number {
  return (p.proxyProtocol ? 1 : 0) | (p.ssl ? 2 : 0) | (p.http2 ? 4 : 0);
}

/** Whether nginx 1.23.4+ warns "protocol options redefined" when `entry` joins `state`. */
function protocolsRedefined(
  state: { bits: number; set: boolean; changed: boolean; protocolsSet: boolean; protocols: number },
  entry: ListenEntry,
): boolean {
  const now = protocolBits(entry.protocols);
  const prev = state.bits;
  const lsSet = entry.socketOptions.length > 0;
  let warn: boolean;

  if ((now | prev) !== prev) {
    warn = (state.set && !lsSet) || state.changed || (now | prev) !== now;
    state.protocols = prev;
    state.changed = true;
  } else if ((prev | now) !== now) {
    warn = lsSet || (state.protocolsSet && now !== state.protocols);
    state.protocols = now;
    state.changed = true;
  } else {
    warn = (lsSet && state.changed) || (state.protocolsSet && now !== state.protocols);
    state.protocols = now;
  }

  state.protocolsSet = true;
  state.bits = prev | now;

  return warn;
}

/** Keys a server name as nginx's hash does: exact, leading or trailing wildcard. */
function nameKeys(name: string): string[] {
  const lower = name.toLowerCase();

  if (lower.startsWith('~')) return [];
  if (lower.startsWith('.')) return [`=${lower.slice(1)}`, `*${lower}`];
  if (lower.startsWith('*.')) return [`*${lower.slice(1)}`];
  if (lower.endsWith('.*')) return [`${lower.slice(0, -1)}*`];

  return [`=${lower}`];
}

/** Builds the socket model of a config's http servers. */
export function buildSocketModel(config: ParsedConfig, options: SocketOptions = {}): SocketModel {
  const servers = collectServers(config, options);
  const groups = new Map<string, AddressGroup>();
  const problems: SocketProblem[] = [];
  const states = new Map<
    string,
    Parameters<typeof protocolsRedefined>[0] & {
      optionsAt?: ListenEntry;
      defaultAt?: ListenEntry;
      firstAt: ListenEntry;
    }
  >();
  const checkProtocols = compareVersions(options.version ?? '1.30.0', '1.23.4') >= 0;

  for (const server of servers) {
    for (const entry of server.listens) {
      const key = `${entry.protocol} ${entry.address.text}`;
      let group = groups.get(key);
      const state = states.get(key);

      if (!group || !state) {
        groups.set(key, {
          key,
          text: entry.address.text,
          protocol: entry.protocol,
          entries: [entry],
          servers: [server],
          defaultServer: server,
          bound: true,
          shadowed: [],
        });
        states.set(key, {
          bits: protocolBits(entry.protocols),
          set: entry.socketOptions.length > 0,
          changed: false,
          protocolsSet: false,
          protocols: 0,
          optionsAt: entry.socketOptions.length > 0 ? entry : undefined,
          defaultAt: entry.address.defaultServer ? entry : undefined,
          firstAt: entry,
        });
        group = groups.get(key)!;

        if (entry.address.defaultServer) group.defaultServer = server;

        continue;
      }

      group.entries.push(entry);
      // A server's listens come one after another: if it is in the group, it came last.
      if (group.servers[group.servers.length - 1] !== server) group.servers.push(server);

      if (entry.socketOptions.length > 0) {
        if (state.optionsAt)
          problems.push({ kind: 'duplicate-listen-options', entry, first: state.optionsAt });
        else state.optionsAt = entry;
      }

      if (entry.address.defaultServer) {
        if (state.defaultAt)
          problems.push({ kind: 'duplicate-default-server', entry, first: state.defaultAt });
        else {
          state.defaultAt = entry;
          group.defaultServer = server;
        }
      }

      if (checkProtocols && protocolsRedefined(state, entry)) {
        problems.push({ kind: 'protocol-options-redefined', entry, first: state.firstAt });
      }

      state.set ||= entry.socketOptions.length > 0;
    }
  }

  const addresses = [...groups.values()];

  markCoverage(addresses);
  findDualStack(addresses, problems);

  for (const group of addresses) findShadowedNames(group);

  return { servers, addresses, problems };
}

function markCoverage(addresses: AddressGroup[]): void {
  for (const group of addresses) {
    const a = group.entries[0].address;

    if (a.wildcard || a.kind === 'unix') continue;

    const wildcard = addresses.find((w) => {
      const wa = w.entries[0].address;

      return (
        w.protocol === group.protocol && wa.wildcard && wa.ipv6 === a.ipv6 && wa.port === a.port
      );
    });
    const ownSocket = group.entries.some((e) => e.socketOptions.length > 0);

    if (wildcard && !ownSocket) {
      group.bound = false;
      group.coveredBy = wildcard.key;
    }
  }
}

function findDualStack(addresses: AddressGroup[], problems: SocketProblem[]): void {
  for (const group of addresses) {
    const dual = group.entries.find(
      (e) => e.address.ipv6 && e.address.wildcard && e.address.params.includes('ipv6only=off'),
    );

    if (!dual) continue;

    const v4 = addresses.find(
      (g) =>
        g.protocol === group.protocol &&
        g.entries[0].address.host === '*' &&
        g.entries[0].address.port === dual.address.port,
    );

    if (v4) problems.push({ kind: 'dual-stack', entry: dual, other: v4.entries[0] });
  }
}

function findShadowedNames(group: AddressGroup): void {
  const owner = new Map<string, ServerInfo>();

  for (const server of group.servers) {
    for (const { name, directive } of server.names) {
      for (const key of nameKeys(name)) {
        const winner = owner.get(key);

        if (!winner) owner.set(key, server);
        else if (winner !== server) group.shadowed.push({ name, server, directive, winner });
      }
    }
  }
}

const models = new WeakMap<ParsedConfig, Map<string, SocketModel>>();

/** The socket model of a config, built once per options. */
export function socketModelOf(config: ParsedConfig, options: SocketOptions = {}): SocketModel {
  const byOptions = getOrAdd(models, config, () => new Map<string, SocketModel>());

  return getOrAdd(byOptions, JSON.stringify(options), () => buildSocketModel(config, options));
}

/** An address as nginx prints it in messages: `0.0.0.0:80`, `[::]:443`. */
export function nginxAddressText(entry: ListenEntry): string {
  const a = entry.address;

  if (a.kind === 'unix') return a.text;

  return `${a.host === '*' ? '0.0.0.0' : a.host}:${a.port}`;
}
