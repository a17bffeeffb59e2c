// What the live checks need from an nginx config: the ports its servers listen on, and the
// loopback targets its proxy_pass directives send to (through `upstream` blocks too).
import type { Directive, ParsedConfig } from '../syntax/tree.js';
import { walkConfig } from '../syntax/walk.js';
import {
  implicitListen,
  isLoopbackHost,
  parseListen,
  parseProxyPass,
  parseUpstreamServer,
  type ListenAddress,
  type ProxyTarget,
} from '../nginx/listen.js';
import type { ListeningSocket } from './types.js';
import { canonicalAddress } from './net.js';

export interface ConfListen {
  /** The `listen`, or the `server` block that has none. */
  directive: Directive;
  address: ListenAddress;
  protocol: 'tcp' | 'udp';
}

/** Every address the config's servers listen on, in document order. */
export function confListens(configs: ParsedConfig[], options: { asRoot: boolean }): ConfListen[] {
  const out: ConfListen[] = [];

  for (const config of configs) {
    walkConfig(config, (directive, path) => {
      if (directive.name !== 'server' || !directive.block || path.context.at(-1) === 'upstream') {
        return;
      }

      const listens = (directive.block ?? []).filter(
        (n): n is Directive => n.kind === 'directive' && n.name === 'listen',
      );

      // nginx's default for an http server without `listen`; a stream server must have one.
      if (listens.length === 0 && path.context.at(-1) === 'http') {
        out.push({ directive, address: implicitListen(options), protocol: 'tcp' });
      }

      for (const listen of listens) {
        const address = parseListen(listen.args.map((a) => a.value));

        if ('error' in address || address.kind !== 'inet') continue;

        // `listen 443 quic` (https://nginx.org/r/listen) and stream `udp` bind UDP sockets.
        const udp = address.params.includes('quic') || address.params.includes('udp');

        out.push({ directive: listen, address, protocol: udp ? 'udp' : 'tcp' });
      }
    });
  }

  return out;
}

export interface ConfProxy {
  directive: Directive;
  /** Loopback inet or unix targets; one for a direct URL, the servers of an upstream. */
  targets: ProxyTarget[];
  /** The upstream block the targets came from. */
  upstream?: Directive;
}

/**
 * proxy_pass directives whose every target is on this machine: a direct loopback URL, a unix
 * socket, or an upstream block all of whose servers are. Variables are not resolved.
 */
export function loopbackProxies(configs: ParsedConfig[]): ConfProxy[] {
  const out: ConfProxy[] = [];

  for (const config of configs) {
    const upstreams = new Map<string, Directive>();
    const proxies: Directive[] = [];

    walkConfig(config, (directive) => {
      if (directive.name === 'upstream' && directive.block && directive.args[0]) {
        upstreams.set(directive.args[0].value.toLowerCase(), directive);
      }

      if (directive.name === 'proxy_pass' && directive.args[0]) proxies.push(directive);
    });

    for (const directive of proxies) {
      const target = parseProxyPass(directive.args[0].value);

      if (!target || target.kind === 'variable') continue;

      const upstream = target.kind !== 'unix' ? upstreams.get(target.host) : undefined;
      const targets = upstream ? upstreamTargets(upstream) : [target];

      if (targets.length === 0 || !targets.every(isLocalTarget)) continue;

      out.push(upstream ? { directive, targets, upstream } : { directive, targets });
    }
  }

  return out;
}

function upstreamTargets(upstream: Directive): ProxyTarget[] {
  const targets: ProxyTarget[] = [];

  for (const node of upstream.block ?? []) {
    if (node.kind !== 'directive' || node.name !== 'server' || !node.args[0]) continue;

    // A `backup` server still answers when the others are down, so it counts like any other.
    const target = parseUpstreamServer(node.args[0].value);

    if (target) targets.push(target);
  }

  return targets;
}

function isLocalTarget(target: ProxyTarget): boolean {
  if (target.kind === 'unix') return true;

  return target.kind === 'inet' && isLoopbackHost(target.host);
}

/**
 * Would a connection to the target reach a listener? An any-address socket accepts on every
 * loopback address; `localhost` is tried on 127.0.0.1 and ::1 as nginx resolves it. Unix
 * targets are checked against `unixListeners`; undefined when that list is unknown.
 */
export function targetListening(
  target: ProxyTarget,
  sockets: ListeningSocket[],
  unixListeners: string[] | undefined,
): boolean | undefined {
  if (target.kind === 'unix')
    return unixListeners ? unixListeners.includes(target.path) : undefined;
  if (target.kind !== 'inet') return undefined;

  const host = target.host.replace(/^\[|\]$/g, '');
  const candidates =
    host === 'localhost' || host === 'ip6-localhost'
      ? ['127.0.0.1', '::1']
      : [canonicalAddress(host) ?? host];

  return candidates.some((address) => sockets.some((s) => accepts(s, address, target.port)));
}

function accepts(socket: ListeningSocket, address: string, port: number): boolean {
  if (socket.protocol !== 'tcp' || socket.port !== port) return false;
  if (socket.address === '*' || socket.address === address || socket.mappedV4 === address)
    return true;

  const v6 = address.includes(':');

  // `::` without IPV6_V6ONLY (Linux's default) takes IPv4 too; /proc does not show the flag.
  return socket.address === '::' || (!v6 && socket.address === '0.0.0.0');
}
