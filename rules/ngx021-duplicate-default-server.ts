// nginx's `a duplicate default server for 0.0.0.0:80`: one address:port has one default server.
// With servers from a glob include, the second in sorted file order is the one nginx blames.
import { defineRule } from '../src/engine/define.js';
import { reportPairedProblems } from '../src/nginx/socket-report.js';

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
    config: (config) =>
      reportPairedProblems(context, config, 'duplicate-default-server', {
        messageId: 'duplicate',
        firstMessage: 'first default server here',
      }),
  }),
});
