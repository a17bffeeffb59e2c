// nginx's warning `protocol options redefined for 0.0.0.0:443` (1.23.4 and later): servers on
// one address:port disagree on ssl, http2 or proxy_protocol, and all of them get the union.
import { defineRule } from '../src/engine/define.js';
import { reportPairedProblems } from '../src/nginx/socket-report.js';

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
    config: (config) =>
      reportPairedProblems(context, config, 'protocol-options-redefined', {
        messageId: 'redefined',
        firstMessage: 'first listen on this address',
      }),
  }),
});
