// nginx's `"x" directive is duplicate`: a setting that takes one value, given twice in one
// block (often once directly and once through an included snippet).
import { defineRule } from '../src/engine/define.js';
import { anchorOf } from '../src/engine/runner.js';
import { reportIssues } from '../src/nginx/report.js';

export default defineRule({
  id: 'NGX016',
  name: 'duplicate-directive',
  description: 'Disallow single-value directives given twice in one block',
  severity: 'error',
  tags: ['nginx-t', 'directives'],
  messages: {
    duplicate: '"{{name}}" directive is duplicate, first set at {{first}}{{via}}',
  },
  create: (context) => ({
    config: (config) =>
      reportIssues(context, config, ['duplicate'], (issue) => {
        if (issue.problem.kind !== 'duplicate') return undefined;

        const first = issue.problem.first;

        return {
          messageId: 'duplicate',
          data: { first: `${context.relativePath(first.file)}:${first.line}` },
          related: [{ ...anchorOf(first), message: 'first set here' }],
        };
      }),
  }),
});
