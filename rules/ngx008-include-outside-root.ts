// In a repository checkout (CI on a pull request) a config must not make ngxlint read files
// outside the root: `include /etc/shadow;`, `../`, or a symlink out of the tree. The root
// guard (src/security) refuses them unread; this rule reports each include once.
import { defineRule } from '../src/engine/define.js';
import type { Directive } from '../src/syntax/tree.js';
import { excerpt } from '../src/security/escape.js';
import { isStockInclude } from '../src/include/stock.js';
import { deploymentOf } from '../src/deploy/project.js';

export default defineRule({
  id: 'NGX008',
  name: 'include-outside-root',
  description: 'Disallow includes that lead outside the project root (they are not read)',
  severity: 'warning',
  tags: ['include', 'security'],
  messages: {
    outside:
      'include "{{pattern}}" leads outside the root, not read (--allow-outside-root reads it)',
    outsideDeploy: '{{message}}',
  },
  create: (context) => ({
    // A unit's EnvironmentFile=, or a script's `source`, that is a link out of the tree.
    end() {
      for (const problem of deploymentOf(context.project)?.problems ?? []) {
        if (problem.kind !== 'outside-root') continue;

        context.report({
          messageId: 'outsideDeploy',
          location: problem.location,
          data: { message: problem.message },
          key: problem.message,
        });
      }
    },
    config(config) {
      const reported = new Set<Directive>();

      for (const error of config.errors) {
        const include = error.include;

        if (error.kind !== 'outside-root' || !include || reported.has(include)) continue;

        const pattern = include.args[0]?.value ?? '';

        // A stock file (/etc/nginx/mime.types) is assumed present: NGX007's, an info.
        if (isStockInclude(pattern, config.prefix)) continue;

        reported.add(include);
        context.report({
          messageId: 'outside',
          node: include,
          data: { pattern: excerpt(pattern, 80) },
        });
      }
    },
  }),
});
