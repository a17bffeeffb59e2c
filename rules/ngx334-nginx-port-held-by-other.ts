import { defineRule } from '../src/engine/define.js';
import {
  describeProcess,
  formatEndpoint,
  isNginx,
  stopAdvice,
  topHolders,
} from '../src/live/holders.js';
import { hasCapabilities, liveInputOf, socketsListed } from '../src/live/live-input.js';
import { confListens } from '../src/live/nginx-conf.js';
import type { ListeningSocket } from '../src/live/types.js';

export default defineRule({
  id: 'NGX334',
  name: 'nginx-port-held-by-other',
  description: "Disallow another process holding a port nginx's config listens on",
  severity: 'error',
  tags: ['live', 'ports'],
  messages: {
    held: 'nginx listens on "{{listen}}" but {{holder}} holds {{socket}}; {{stop}}',
    // The app is where it belongs: the listen is what to change, never the app to kill.
    appPort:
      'nginx listens on "{{listen}}", the app port, which {{holder}} holds ({{socket}}); expected nginx on {{ports}} and the app behind it',
  },
  create(context) {
    const live = liveInputOf(context.project);

    if (!live) return {};

    return {
      end() {
        const { configs, policy } = context.project;

        if (configs.length === 0) {
          live.couldNotRun('nginx-port-held-by-other', 'it needs --nginx-conf');

          return;
        }

        if (!hasCapabilities(live, 'nginx-port-held-by-other', ['holders'])) return;

        const reported = new Set<string>();
        const appPorts = [policy.appPort, policy.alternatePort];

        for (const listen of confListens(configs, { asRoot: policy.nginxAsRoot ?? true })) {
          const { port } = listen.address;

          // The policy's own nginx ports (80, 443) are port-80-foreign's.
          if (policy.nginxPorts.includes(port)) continue;

          const clashing = live.snapshot.sockets.filter(
            (s) =>
              s.port === port && s.protocol === listen.protocol && overlaps(s, listen.address.host),
          );

          for (const socket of clashing) {
            for (const holder of topHolders(live.snapshot, socket)) {
              const key = `${listen.directive.file}:${listen.directive.line} ${holder.pid}`;

              if (isNginx(holder) || reported.has(key)) continue;

              reported.add(key);
              context.report({
                messageId: appPorts.includes(port) ? 'appPort' : 'held',
                data: {
                  listen: listen.address.text,
                  holder: describeProcess(live.snapshot, holder),
                  socket: `${socket.protocol} ${formatEndpoint(socket)}`,
                  stop: stopAdvice(live.snapshot, holder),
                  ports: policy.nginxPorts.map((p) => `"${p}"`).join(' or '),
                },
                node: listen.directive,
                related: socketsListed(live, [socket]),
                key: `${port} ${holder.name}`,
              });
            }
          }
        }
      },
    };
  },
});

/**
 * Would nginx's bind of `host` fail because of this socket? An IPv4 bind meets IPv4 sockets
 * on the same or the any address and a dual-stack `::`; nginx binds `[::]` with ipv6only=on
 * (https://nginx.org/r/listen), so an IPv6 bind meets only IPv6 sockets.
 */
function overlaps(socket: ListeningSocket, host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');

  if (socket.address === '*') return true;

  if (!host.startsWith('[')) {
    const v4 = socket.mappedV4 ?? (socket.family === 4 ? socket.address : undefined);

    if (socket.address === '::') return true;
    if (v4 === undefined) return false;

    return host === '*' || v4 === '0.0.0.0' || v4 === bare;
  }

  if (socket.family !== 6 || socket.mappedV4) return false;

  return bare === '::' || socket.address === '::' || socket.address === bare;
}
