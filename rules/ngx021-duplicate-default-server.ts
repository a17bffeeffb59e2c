// nginx's `a duplicate default server for 0.0.0.0:80`: one address:port has one default server.
// With servers from a glob include, the second in sorted file order is the one nginx blames.
import { defineRule } from '../src/engine/define.js';
import {
  entryLocation,
  entryKey,
  entryWhere,
  projectSockets,
  relatedEntries,
} from '../src/nginx/socket-report.js';
import { nginxAddressText } from '../src/nginx/sockets.js';

export default defineRule({
  id: 'NGX021',
  name: 'duplicate-default-server',
  description: 'Disallow two default servers on one address:port',
  severity: 'error',
  tags: ['nginx-t', 'listen'],
  messages: {
    duplicate: 'a duplicate default server for {{address}} at {{at}}, the first is at {{first}}',
  },
  create: (context) => ({
    config: (config) => {
      for (const p of projectSockets(context, config).problems) {
        if (p.kind !== 'duplicate-default-server') continue;

        context.report({
          messageId: 'duplicate',
          data: {
            address: nginxAddressText(p.entry),
            first: entryWhere(context, p.first),
            at: entryWhere(context, p.entry),
          },
          location: entryLocation(p.entry),
          related: relatedEntries(p.entry, p.first, 'first default server here'),
          key: entryKey(context, p.entry),
        });
      }
    },
  }),
});
