// nginx's warning `conflicting server name "x" on 0.0.0.0:80, ignored`: two servers on one
// address:port claim the same name; requests for it go to the first, the second never sees them.
import { defineRule } from '../src/engine/define.js';
import { anchorOf } from '../src/engine/runner.js';
import { entryKey, projectSockets } from '../src/nginx/socket-report.js';
import { nginxAddressText } from '../src/nginx/sockets.js';

export default defineRule({
  id: 'NGX022',
  name: 'conflicting-server-name',
  description: 'Disallow one server name in two servers on the same address:port',
  severity: 'warning',
  tags: ['nginx-t', 'listen', 'server_name'],
  messages: {
    conflict:
      'conflicting server name "{{name}}" on {{address}}, ignored: the server at {{winner}} wins',
  },
  create: (context) => ({
    config: (config) => {
      for (const group of projectSockets(context, config).addresses) {
        for (const s of group.shadowed) {
          const winner = s.winner.block;
          const at = s.directive ?? s.server.block;

          context.report({
            messageId: 'conflict',
            data: {
              name: s.name,
              address: nginxAddressText(group.entries[0]),
              winner: `${context.relativePath(winner.file)}:${winner.line}`,
            },
            location: anchorOf(at),
            related: [{ ...anchorOf(winner), message: 'this server gets the requests' }],
            key: `${group.key} ${s.name} ${entryKey(context, group.entries[0])}`,
          });
        }
      }
    },
  }),
});
