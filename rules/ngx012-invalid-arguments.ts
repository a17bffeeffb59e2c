// nginx's `invalid number of arguments in "x" directive`, checked against the argument mask of
// the directive's ngx_command_t, and the on/off form of flag directives.
import { defineRule } from '../src/engine/define.js';
import { reportIssues } from '../src/nginx/report.js';

export default defineRule({
  id: 'NGX012',
  name: 'invalid-arguments',
  description: 'Require the number of arguments nginx accepts, and "on" or "off" for flags',
  severity: 'error',
  tags: ['nginx-t', 'directives'],
  messages: {
    count: 'invalid number of arguments in "{{name}}" directive{{via}}',
    flag: 'invalid value "{{value}}" in "{{name}}" directive, it must be "on" or "off"{{via}}',
  },
  create: (context) => ({
    config: (config) =>
      reportIssues(context, config, ['arguments', 'flag'], (issue) =>
        issue.problem.kind === 'flag'
          ? { messageId: 'flag', data: { value: issue.problem.value } }
          : { messageId: 'count' },
      ),
  }),
});
