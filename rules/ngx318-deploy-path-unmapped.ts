// A unit or script names a server path (/srv/app/.env) the tree does not hold under any
// mapping: that file was not checked. --map or pathMap tells ngxlint where it is.
import { defineRule } from '../src/engine/define.js';
import { deploymentOf } from '../src/deploy/project.js';

export default defineRule({
  id: 'NGX318',
  name: 'deploy-path-unmapped',
  description: 'Report server paths of the deployment that map to no file of the tree',
  severity: 'info',
  tags: ['deployment', 'paths'],
  messages: {
    unmapped: '{{message}}',
  },
  create(context) {
    return {
      end() {
        for (const problem of deploymentOf(context.project)?.problems ?? []) {
          if (problem.kind !== 'unmapped' && problem.kind !== 'ambiguous') continue;

          context.report({
            messageId: 'unmapped',
            location: problem.location,
            data: { message: problem.message },
            key: problem.message,
          });
        }
      },
    };
  },
});
