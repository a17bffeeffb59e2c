// nginx's `directive "x" is not terminated by ";"`: a simple directive followed by a block,
// usually a missing `;` before the next line's `{`.
import { defineRule } from '../src/engine/define.js';
import { reportIssues } from '../src/nginx/report.js';

export default defineRule({
  id: 'NGX014',
  name: 'missing-semicolon',
  description: 'Require ";" after simple directives instead of a block',
  severity: 'error',
  tags: ['nginx-t', 'directives'],
  messages: {
    notTerminated: 'directive "{{name}}" is not terminated by ";"{{via}}',
  },
  create: (context) => ({
    config: (config) =>
      reportIssues(context, config, ['not-terminated'], () => ({ messageId: 'notTerminated' })),
  }),
});
