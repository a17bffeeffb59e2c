// nginx's warning `protocol options redefined for 0.0.0.0:443` (1.23.4 and later): servers on
// one address:port disagree on ssl, http2 or proxy_protocol, and all of them get the union.
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
  id: 'NGX023',
  name: 'protocol-options-redefined',
  description:
    'Require the same ssl, http2 and proxy_protocol options on every listen of an address:port',
  severity: 'warning',
  tags: ['nginx-t', 'listen'],
  messages: {
    redefined: 'protocol options redefined for {{address}} at {{at}}, first listen at {{first}}',
  },
  create: (context) => ({
    config: (config) => {
      for (const p of projectSockets(context, config).problems) {
        if (p.kind !== 'protocol-options-redefined') continue;

        context.report({
          messageId: 'redefined',
          data: {
            address: nginxAddressText(p.entry),
            first: entryWhere(context, p.first),
            at: entryWhere(context, p.entry),
          },
          location: entryLocation(p.entry),
          related: relatedEntries(p.entry, p.first, 'first listen on this address'),
          key: entryKey(context, p.entry),
        });
      }
    },
  }),
});
