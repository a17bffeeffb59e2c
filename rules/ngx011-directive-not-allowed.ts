// nginx's `"x" directive is not allowed here`: the directive exists, but not in this context
// (`listen` in `http`, `proxy_pass` in `server`, `location` inside `if`).
import { defineRule } from '../src/engine/define.js';
import { reportIssues } from '../src/nginx/report.js';

export default defineRule({
  id: 'NGX011',
  name: 'directive-not-allowed',
  description: 'Disallow directives in a context that nginx does not accept them in',
  severity: 'error',
  tags: ['nginx-t', 'directives'],
  messages: {
    notAllowed: '"{{name}}" directive is not allowed here{{via}}',
  },
  create: (context) => ({
    config: (config) =>
      reportIssues(context, config, ['not-allowed'], () => ({ messageId: 'notAllowed' })),
  }),
});
