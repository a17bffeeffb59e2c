// nginx's `duplicate listen options for 0.0.0.0:80`: socket options (backlog, reuseport, bind …)
// can be given once per address:port, because all servers on it share one socket.
import { defineRule } from '../src/engine/define.js';
import { reportPairedProblems } from '../src/nginx/socket-report.js';

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
    config: (config) =>
      reportPairedProblems(context, config, 'duplicate-listen-options', {
        messageId: 'duplicate',
        firstMessage: 'socket options first given here',
      }),
  }),
});
