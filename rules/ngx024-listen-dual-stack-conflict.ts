// `listen [::]:80 ipv6only=off` binds IPv4 port 80 too; with `listen 80` beside it, nginx -t
// passes and the start fails with "bind() to 0.0.0.0:80 failed (98: Address already in use)".
import { defineRule } from '../src/engine/define.js';
import {
  entryLocation,
  entryWhere,
  projectSockets,
  relatedEntries,
} from '../src/nginx/socket-report.js';

export default defineRule({
  id: 'NGX024',
  name: 'listen-dual-stack-conflict',
  description:
    'Disallow an IPv4 wildcard listen beside an [::] listen with ipv6only=off on its port',
  severity: 'error',
  tags: ['listen', 'start'],
  messages: {
    conflict:
      '"[::]:{{port}} ipv6only=off" takes IPv4 port {{port}} too, and the listen at {{other}} binds it: nginx -t passes, the start fails (Address already in use)',
  },
  create: (context) => ({
    config: (config) => {
      for (const p of projectSockets(context, config).problems) {
        if (p.kind !== 'dual-stack') continue;

        context.report({
          messageId: 'conflict',
          data: { port: p.entry.address.port, other: entryWhere(context, p.other) },
          location: entryLocation(p.entry),
          related: relatedEntries(p.entry, p.other, 'IPv4 listen on the same port'),
        });
      }
    },
  }),
});
