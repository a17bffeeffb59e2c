import { defineRule } from '../src/engine/define.js';
import type { Directive } from '../src/syntax/tree.js';
import {
  describeProcess,
  holdersOfPort,
  isNginx,
  socketsOnPort,
  stopAdvice,
} from '../src/live/holders.js';
import {
  hasCapabilities,
  liveInputOf,
  socketsListed,
  sourceAnchor,
} from '../src/live/live-input.js';
import { confListens } from '../src/live/nginx-conf.js';

export default defineRule({
  id: 'NGX330',
  name: 'port-80-foreign',
  description: 'Disallow a process other than nginx holding the nginx ports (80, 443)',
  severity: 'error',
  tags: ['live', 'ports'],
  messages: {
    foreign: 'port "{{port}}" is held by {{holder}}, not nginx, so nginx cannot bind it; {{stop}}',
  },
  create(context) {
    const live = liveInputOf(context.project);

    if (!live) return {};

    return {
      end() {
        if (!hasCapabilities(live, 'port-80-foreign', ['holders'])) return;

        const { policy, configs } = context.project;
        const listens = confListens(configs, { asRoot: policy.nginxAsRoot ?? true });

        for (const port of policy.nginxPorts) {
          // The listen nginx would bind on this port is where the clash shows in the config.
          const listen: Directive | undefined = listens.find(
            (l) => l.address.port === port,
          )?.directive;
          // nginx binds TCP, and UDP only for HTTP/3 (`listen 443 quic`): a UDP socket on 80
          // stops nothing.
          const quic = listens.some(
            (l) => l.address.port === port && l.address.params.includes('quic'),
          );
          const protocol = quic ? 'any' : 'tcp';

          for (const holder of holdersOfPort(live.snapshot, port, protocol)) {
            if (isNginx(holder)) continue;

            // The config place comes first; else the ss line of a socket this holder holds.
            const held = socketsOnPort(live.snapshot, port, protocol).filter((s) =>
              s.holders.includes(holder.pid),
            );
            const location = listen
              ? undefined
              : sourceAnchor([policy.nginxPortsSource], live, held);

            context.report({
              messageId: 'foreign',
              data: {
                port,
                holder: describeProcess(live.snapshot, holder),
                stop: stopAdvice(live.snapshot, holder),
              },
              ...(location ? { location } : { node: listen }),
              related: socketsListed(live, held, location),
              key: `${port} ${holder.name}`,
            });
          }
        }
      },
    };
  },
});
