// What rules take from a project's walk once and share: server blocks with their listens, and
// every place nginx proxies to (a proxy_pass, or each server of the upstream it names).
import type { Directive, ParsedConfig } from '../syntax/tree.js';
import { walkConfig, type WalkPath } from '../syntax/walk.js';
import {
  implicitListen,
  parseListen,
  parseProxyPass,
  parseUpstreamServer,
  type ListenAddress,
  type ProxyTarget,
} from './listen.js';
import { getOrAdd } from '../memo.js';

/** A listen of a server block, explicit or nginx's default for a server without one. */
export interface ServerListen {
  server: Directive;
  /** The `listen` directive; undefined for the implicit default. */
  listen?: Directive;
  address: ListenAddress;
  /** `http`, `stream` or `mail`. */
  module: string;
  /** Where the listen (or, for the implicit one, the server) was reached. */
  path: WalkPath;
}

interface ServerEntry {
  server: Directive;
  module: string;
  path: WalkPath;
  listens: Array<{ directive: Directive; address: ListenAddress; path: WalkPath }>;
}

/** Gathers server blocks and their listens during a walk (give it `server` and `listen`). */
export class ServerCollector {
  private readonly servers = new Map<Directive, ServerEntry>();

  visit(directive: Directive, path: WalkPath): void {
    const parent = path.context.at(-1);

    if (directive.name === 'server' && directive.block && isServerModule(parent)) {
      if (!this.servers.has(directive)) {
        this.servers.set(directive, { server: directive, module: parent!, path, listens: [] });
      }

      return;
    }

    const server = path.ancestors.at(-1);
    const entry = directive.name === 'listen' && server ? this.servers.get(server) : undefined;

    // A snippet included by two servers holds one listen directive for each of them.
    if (!entry || entry.listens.some((l) => l.directive === directive)) return;

    const address = parseListen(directive.args.map((a) => a.value));

    if (!('error' in address)) entry.listens.push({ directive, address, path });
  }

  /** Every listen in walk order, a server without `listen` given nginx's default. */
  listens(options: { asRoot: boolean }): ServerListen[] {
    const out: ServerListen[] = [];

    for (const { server, module, listens, path } of this.servers.values()) {
      // Only an http server gets a default listen; stream and mail servers must name one.
      if (listens.length === 0 && module === 'http' && !hasListen(server)) {
        out.push({ server, module, address: implicitListen(options), path });
      }

      for (const { directive, address, path: at } of listens) {
        out.push({ server, listen: directive, address, module, path: at });
      }
    }

    return out;
  }

  serverCount(): number {
    return this.servers.size;
  }
}

const serversOfConfigs = new WeakMap<readonly ParsedConfig[], ServerCollector>();

/** The server blocks and listens of a project's configs, gathered once for every rule. */
export function serversOf(configs: readonly ParsedConfig[]): ServerCollector {
  return getOrAdd(serversOfConfigs, configs, () =>
    visitNamed(configs, ['server', 'listen'], new ServerCollector()),
  );
}

/** Hands the directives of these names, in walk order over every config, to `collector`. */
function visitNamed<T extends { visit: (directive: Directive, path: WalkPath) => void }>(
  configs: readonly ParsedConfig[],
  names: readonly string[],
  collector: T,
): T {
  for (const config of configs) {
    walkConfig(config, (directive, path) => {
      if (names.includes(directive.name)) collector.visit(directive, path);
    });
  }

  return collector;
}

function isServerModule(name: string | undefined): boolean {
  return name === 'http' || name === 'stream' || name === 'mail';
}

/** A listen may come from an include the walk reaches later; look in the block too. */
function hasListen(server: Directive): boolean {
  return (server.block ?? []).some((n) => n.kind === 'directive' && n.name === 'listen');
}

/** The first `server_name` of a server block, if written directly in it. */
export function serverNameOf(server: Directive): string | undefined {
  for (const node of server.block ?? []) {
    if (node.kind === 'directive' && node.name === 'server_name') return node.args[0]?.value;
  }

  return undefined;
}

/** One place a proxy sends requests: a `proxy_pass` directly, or one server of its upstream. */
export interface ProxyUse {
  proxyPass: Directive;
  target: ProxyTarget;
  /** Set when the target came through an `upstream` block. */
  via?: { upstream: Directive; server: Directive };
}

// Generated trees repeat a few targets: read each written target once (targets are never
// changed).
const proxyTargets = new Map<string, ProxyTarget | undefined>();

function proxyTargetOf(url: string): ProxyTarget | undefined {
  if (proxyTargets.has(url)) return proxyTargets.get(url);

  const target = parseProxyPass(url);

  if (proxyTargets.size < 10_000) proxyTargets.set(url, target);

  return target;
}

/** Gathers `proxy_pass` and `upstream` during a walk and resolves targets through upstreams. */
export class ProxyCollector {
  private readonly upstreams = new Map<string, Directive>();
  // A Set: a walk reaches each proxy_pass once per place, and includes() was quadratic.
  private readonly proxies = new Set<Directive>();

  visit(directive: Directive, path: WalkPath): void {
    if (directive.name === 'upstream' && directive.block && path.context.at(-1) === 'http') {
      const name = directive.args[0]?.value.toLowerCase();

      if (name && !this.upstreams.has(name)) this.upstreams.set(name, directive);
    } else if (directive.name === 'proxy_pass' && path.context[0] === 'http') {
      this.proxies.add(directive);
    }
  }

  uses(): ProxyUse[] {
    const out: ProxyUse[] = [];
    // Thousands of proxy_pass name a few upstreams: read each upstream's servers once.
    const serversOf = new Map<Directive, Array<{ server: Directive; target: ProxyTarget }>>();

    for (const proxyPass of this.proxies) {
      const target = proxyPass.args[0] && proxyTargetOf(proxyPass.args[0].value);

      if (!target) continue;

      const upstream = target.kind === 'name' ? this.upstreams.get(target.host) : undefined;

      if (!upstream) {
        out.push({ proxyPass, target });
        continue;
      }

      let servers = serversOf.get(upstream);

      if (!servers) {
        servers = upstreamServers(upstream);
        serversOf.set(upstream, servers);
      }

      for (const { server, target: resolved } of servers) {
        out.push({ proxyPass, target: resolved, via: { upstream, server } });
      }
    }

    return out;
  }
}

function upstreamServers(upstream: Directive): Array<{ server: Directive; target: ProxyTarget }> {
  const out: Array<{ server: Directive; target: ProxyTarget }> = [];

  for (const server of upstream.block ?? []) {
    if (server.kind !== 'directive' || server.name !== 'server') continue;

    const target = server.args[0] && parseUpstreamServer(server.args[0].value);

    if (target) out.push({ server, target });
  }

  return out;
}

const usesOfConfigs = new WeakMap<readonly ParsedConfig[], readonly ProxyUse[]>();

/**
 * Every place the configs send requests, in walk order: a project's proxies, found in one walk
 * and resolved once for every rule that follows them (callers only read the list).
 */
export function proxyUsesOf(configs: readonly ParsedConfig[]): readonly ProxyUse[] {
  return getOrAdd(usesOfConfigs, configs, () =>
    visitNamed(configs, ['proxy_pass', 'upstream'], new ProxyCollector()).uses(),
  );
}
