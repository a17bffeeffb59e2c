// http, stream and mail each open their own listening sockets. A stream `listen 443` beside an
// http `listen 443` passes nginx -t (it binds nothing for good) and fails at start: "bind() to
// 0.0.0.0:443 failed (98: Address already in use)". With `reuseport` on both, nginx starts and
// the kernel shares the address between the modules. Within one module nginx merges the
// listens itself (NGX020-NGX024 check those).
import { defineRule } from '../src/engine/define.js';
import { anchorOf } from '../src/engine/runner.js';
import { serversOf, type ServerListen } from '../src/nginx/collections.js';
import type { ListenAddress } from '../src/nginx/listen.js';
import { getOrAdd } from '../src/memo.js';

/** The transport a listen binds: HTTP/3 and stream's `udp` listen on UDP. */
function protocolOf({ module, address }: ServerListen): 'tcp' | 'udp' {
  const udp = module === 'stream' ? 'udp' : module === 'http' ? 'quic' : undefined;

  return udp && address.params.includes(udp) ? 'udp' : 'tcp';
}

/** `[::] ipv6only=off` takes every IPv4 address of its port as well. */
function isDualStack(address: ListenAddress): boolean {
  return address.host === '[::]' && address.params.includes('ipv6only=off');
}

/** Whether `wide`, a wildcard, takes the address `narrow` binds. */
function covers(wide: ListenAddress, narrow: ListenAddress): boolean {
  if (wide.host === '*' || isDualStack(wide)) return !narrow.ipv6;

  return wide.host === '[::]' && narrow.ipv6;
}

function overlaps(a: ListenAddress, b: ListenAddress): boolean {
  return a.host === b.host || covers(a, b) || covers(b, a);
}

const reusesPort = (address: ListenAddress) => address.params.includes('reuseport');

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
        // Earlier listens by transport and port, then by module: a tree with thousands of http
        // listens on one port and no stream block compares nothing.
        const earlier = new Map<string, Map<string, ServerListen[]>>();

        for (const use of serversOf(context.project.configs).listens({ asRoot })) {
          if (use.address.kind !== 'inet') continue;

          const byModule = getOrAdd(
            earlier,
            `${protocolOf(use)} ${use.address.port}`,
            () => new Map<string, ServerListen[]>(),
          );
          const first = [...byModule]
            .filter(([module]) => module !== use.module)
            .flatMap(([, uses]) => uses)
            .find((other) => overlaps(other.address, use.address));

          getOrAdd(byModule, use.module, () => []).push(use);

          if (first) report(use, first);
        }
      },
    };

    function report(use: ServerListen, other: ServerListen): void {
      const at = anchorOf(other.listen ?? other.server);
      const shared = reusesPort(use.address) && reusesPort(other.address);
      const narrow = covers(use.address, other.address) ? other : use;

      context.report({
        messageId: !shared ? 'bind' : use.address.host === other.address.host ? 'split' : 'taken',
        node: use.listen ?? use.server,
        path: use.path,
        data: {
          module: use.module,
          address: use.address.text,
          otherModule: other.module,
          otherAddress: other.address.text,
          other: `${context.relativePath(at.file)}:${at.line}`,
          narrow: narrow.address.text,
          narrowModule: narrow.module,
        },
        related: [{ ...at, message: `the ${other.module} listen on the same address` }],
      });
    }
  },
});
