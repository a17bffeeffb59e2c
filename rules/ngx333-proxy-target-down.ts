import { defineRule } from '../src/engine/define.js';
import { targetText } from '../src/nginx/listen.js';
import { liveInputOf } from '../src/live/live-input.js';
import { loopbackProxies, targetListening } from '../src/live/nginx-conf.js';
import { nameRangeOf } from '../src/syntax/tree.js';

export default defineRule({
  id: 'NGX333',
  name: 'proxy-target-down',
  description: 'Require something to listen on every loopback proxy_pass target',
  severity: 'error',
  tags: ['live', 'ports', 'proxy'],
  messages: {
    down: 'nothing listens on "{{target}}", the target of this proxy_pass: every request through it gets 502',
    upstreamDown:
      'nothing listens on any server of upstream "{{upstream}}" ({{targets}}): every request through it gets 502',
    unixUnknown:
      'unix socket target "{{target}}" was not checked: the source lists no unix sockets',
  },
  create(context) {
    const live = liveInputOf(context.project);

    if (!live) return {};

    return {
      end() {
        const { configs } = context.project;

        if (configs.length === 0) {
          live.couldNotRun('proxy-target-down', 'it needs --nginx-conf');

          return;
        }

        const { sockets, unixListeners } = live.snapshot;

        for (const proxy of loopbackProxies(configs)) {
          const states = proxy.targets.map((t) => targetListening(t, sockets, unixListeners));

          if (states.some((s) => s === true)) continue;

          if (states.some((s) => s === undefined)) {
            context.report({
              messageId: 'unixUnknown',
              data: { target: proxy.targets.map(targetText).join(', ') },
              node: proxy.directive,
              severity: 'info',
            });
            continue;
          }

          const targets = proxy.targets.map(targetText).join(', ');

          context.report(
            proxy.upstream
              ? {
                  messageId: 'upstreamDown',
                  data: { upstream: proxy.upstream.args[0].value, targets },
                  node: proxy.directive,
                  related: [
                    {
                      file: proxy.upstream.file,
                      ...nameRangeOf(proxy.upstream),
                      message: `upstream "${proxy.upstream.args[0].value}" is defined here`,
                    },
                  ],
                }
              : { messageId: 'down', data: { target: targets }, node: proxy.directive },
          );
        }
      },
    };
  },
});
