// nginx's `duplicate listen options for 0.0.0.0:80`: socket options (backlog, reuseport, bind …)
// can be given once per address:port, because all servers on it share one socket.
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
  id: 'NGX020',
  name: 'duplicate-listen-options',
  description: 'Disallow socket options given twice for one address:port',
  severity: 'error',
  tags: ['nginx-t', 'listen'],
  messages: {
    duplicate: 'duplicate listen options for {{address}} at {{at}}, already given at {{first}}',
  },
  create: (context) => ({
    config: (config) => {
      for (const p of projectSockets(context, config).problems) {
        if (p.kind !== 'duplicate-listen-options') continue;

        context.report({
          messageId: 'duplicate',
          data: {
            address: nginxAddressText(p.entry),
            first: entryWhere(context, p.first),
            at: entryWhere(context, p.entry),
          },
          location: entryLocation(p.entry),
          related: relatedEntries(p.entry, p.first, 'socket options first given here'),
          key: entryKey(context, p.entry),
        });
      }
    },
  }),
});
