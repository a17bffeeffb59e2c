// http, stream and mail each open their own listening sockets. A stream `listen 443` beside an
// http `listen 443` passes nginx -t (it binds nothing for good) and fails at start: "bind() to
// 0.0.0.0:443 failed (98: Address already in use)". With `reuseport` on both sockets nginx
// starts and the kernel shares the address between the modules. Within one module nginx merges
// the listens itself (NGX020-NGX024 check those).
import { defineRule } from '../src/engine/define.js';
import { anchorOf } from '../src/engine/runner.js';
import { serversOf, type ServerListen } from '../src/nginx/collections.js';
import { getOrAdd } from '../src/memo.js';

/** A listen as the kernel sees its address: family, address in one spelling, wildcard or not. */
interface Bound {
  use: ServerListen;
  /** Walk order: the earlier of two listens is bound first. */
  order: number;
  family: 4 | 6;
  /** `0.0.0.0`, `[0:0:0:0:0:0:0:0]`, or a host name as written. */
  host: string;
  wildcard: boolean;
  /** `[::] ipv6only=off`: every IPv4 address of the port as well. */
  dualStack: boolean;
  protocol: 'tcp' | 'udp';
  /** Its own `reuseport`, then whether any listen of its socket has it (the socket's). */
  reuseport: boolean;
}

/** The first listens of one module on one transport and port, by what they take. */
interface ModuleIndex {
  byHost: Map<string, Bound>;
  family: Partial<Record<4 | 6, Bound>>;
  wildcard: Partial<Record<4 | 6, Bound>>;
  dualStack?: Bound;
}

/** The transport a listen binds: HTTP/3 and stream's `udp` listen on UDP. */
function protocolOf({ module, address }: ServerListen): 'tcp' | 'udp' {
  const udp = module === 'stream' ? 'udp' : module === 'http' ? 'quic' : undefined;

  return udp && address.params.includes(udp) ? 'udp' : 'tcp';
}

/** One spelling per address: nginx reads `127.0.0.01`, `[::0:1]` and `[0::1]` as the same. */
function canonicalHost(host: string): string {
  if (host === '*') return '0.0.0.0';

  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);

  if (v4) return v4.slice(1).map(Number).join('.');
  if (!host.startsWith('[') || !host.endsWith(']')) return host;

  const halves = host.slice(1, -1).split('::');
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));

  if (halves.length > 2 || groups.flat().some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return host;

  const zeros = halves.length === 2 ? 8 - groups[0].length - groups[1].length : 0;
  const all = [...groups[0], ...Array<string>(Math.max(zeros, 0)).fill('0'), ...(groups[1] ?? [])];

  return `[${all.map((g) => parseInt(g, 16).toString(16)).join(':')}]`;
}

const WILDCARD = new Set(['0.0.0.0', '[0:0:0:0:0:0:0:0]']);

function boundOf(use: ServerListen, order: number): Bound {
  const host = canonicalHost(use.address.host);
  const family = host.startsWith('[') ? 6 : 4;
  const wildcard = WILDCARD.has(host);

  return {
    use,
    order,
    family,
    host,
    wildcard,
    dualStack: wildcard && family === 6 && use.address.params.includes('ipv6only=off'),
    protocol: protocolOf(use),
    reuseport: use.address.params.includes('reuseport'),
  };
}

/** The socket a listen shares with the others of its module on the same address. */
function socketKey({ use, protocol, host }: Bound): string {
  return `${use.module} ${protocol} ${host}:${use.address.port}`;
}

/** Whether the wildcard `wide` takes the address of `narrow`. */
function covers(wide: Bound, narrow: Bound): boolean {
  if (!wide.wildcard || narrow === wide) return false;

  return wide.family === narrow.family || (wide.dualStack && narrow.family === 4);
}

/** The earliest listen of `index` whose address overlaps `bound`'s, if any. */
function firstOverlap(index: ModuleIndex, bound: Bound): Bound | undefined {
  const candidates = [
    index.byHost.get(bound.host),
    // A specific address of a family the other module's wildcard takes.
    index.wildcard[bound.family],
    bound.family === 4 ? index.dualStack : undefined,
    // A wildcard takes every address of its family (and a dual-stack one IPv4's too).
    bound.wildcard ? index.family[bound.family] : undefined,
    bound.dualStack ? index.family[4] : undefined,
  ];

  return candidates.filter((c): c is Bound => c !== undefined).sort((a, b) => a.order - b.order)[0];
}

function add(index: ModuleIndex, bound: Bound): void {
  if (!index.byHost.has(bound.host)) index.byHost.set(bound.host, bound);

  index.family[bound.family] ??= bound;
  if (bound.wildcard) index.wildcard[bound.family] ??= bound;
  if (bound.dualStack) index.dualStack ??= bound;
}

export default defineRule({
  id: 'NGX027',
  name: 'listen-module-conflict',
  description:
    'Disallow http, stream and mail listens that take the same address and port (the start fails)',
  severity: 'error',
  tags: ['listen', 'start', 'ports'],
  messages: {
    bind: '{{module}} listen "{{address}}" takes the address of the {{otherModule}} listen "{{otherAddress}}" at {{other}}: nginx -t passes, the start fails (Address already in use)',
    split:
      '{{module}} listen "{{address}}" and the {{otherModule}} listen at {{other}} bind one address with reuseport: nginx starts, and the kernel splits the connections between {{module}} and {{otherModule}}',
    taken:
      '{{module}} listen "{{address}}" and the {{otherModule}} listen "{{otherAddress}}" at {{other}} both use reuseport: nginx starts, and connections to {{narrow}} reach only the {{narrowModule}} server',
  },
  create(context) {
    return {
      end() {
        const asRoot = context.project.policy.nginxAsRoot ?? true;
        const bounds = serversOf(context.project.configs)
          .listens({ asRoot })
          .filter((use) => use.address.kind === 'inet')
          .map(boundOf);
        const reused = new Set(bounds.filter((b) => b.reuseport).map(socketKey));

        for (const bound of bounds) bound.reuseport = reused.has(socketKey(bound));

        // Transport and port, then module: each listen is looked up in the other modules'
        // indexes, so thousands of listens on one port cost no more than a few.
        const earlier = new Map<string, Map<string, ModuleIndex>>();

        for (const bound of bounds) {
          const { use } = bound;
          const modules = getOrAdd(
            earlier,
            `${bound.protocol} ${use.address.port}`,
            () => new Map<string, ModuleIndex>(),
          );
          const first = [...modules]
            .filter(([module]) => module !== use.module)
            .map(([, index]) => firstOverlap(index, bound))
            .filter((b): b is Bound => b !== undefined)
            .sort((a, b) => a.order - b.order)[0];

          add(
            getOrAdd(modules, use.module, () => ({ byHost: new Map(), family: {}, wildcard: {} })),
            bound,
          );

          if (first) report(bound, first);
        }
      },
    };

    function report(bound: Bound, other: Bound): void {
      const { use } = bound;
      const at = anchorOf(other.use.listen ?? other.use.server);
      const narrow = covers(bound, other) ? other : bound;

      context.report({
        messageId: !(bound.reuseport && other.reuseport)
          ? 'bind'
          : bound.host === other.host
            ? 'split'
            : 'taken',
        node: use.listen ?? use.server,
        path: use.path,
        data: {
          module: use.module,
          address: use.address.text,
          otherModule: other.use.module,
          otherAddress: other.use.address.text,
          other: `${context.relativePath(at.file)}:${at.line}`,
          narrow: narrow.use.address.text,
          narrowModule: narrow.use.module,
        },
        related: [{ ...at, message: `the ${other.use.module} listen on the same address` }],
      });
    }
  },
});
