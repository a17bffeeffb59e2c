// nginx's `directive "x" has no opening "{"`: a block directive (`server`, `location`,
// `upstream` …) ended by `;`.
import { defineRule } from '../src/engine/define.js';
import { reportIssues } from '../src/nginx/report.js';

export default defineRule({
  id: 'NGX013',
  name: 'missing-opening-brace',
  description: 'Require a block for block directives such as "server" and "location"',
  severity: 'error',
  tags: ['nginx-t', 'directives'],
  messages: {
    noOpening: 'directive "{{name}}" has no opening "{"{{via}}',
  },
  create: (context) => ({
    config: (config) =>
      reportIssues(context, config, ['no-opening'], () => ({ messageId: 'noOpening' })),
  }),
});
