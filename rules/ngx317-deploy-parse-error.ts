// A script, unit, entry point, env file or compose file that cannot be parsed is not checked as
// written: the reader recovers what it can and the rest of the deployment is still linted.
import { defineRule } from '../src/engine/define.js';
import { deploymentOf } from '../src/deploy/project.js';

const KIND_NAMES: Record<string, string> = {
  shell: 'shell script',
  'systemd-unit': 'systemd unit',
  python: 'Python module',
  env: 'env file',
  compose: 'compose file',
};

export default defineRule({
  id: 'NGX317',
  name: 'deploy-parse-error',
  description: 'Disallow deployment files that cannot be parsed',
  severity: 'error',
  tags: ['deployment', 'parse'],
  messages: {
    parse: '{{kind}}: {{message}}',
    unreadable: '{{message}}',
  },
  create(context) {
    return {
      end() {
        for (const problem of deploymentOf(context.project)?.problems ?? []) {
          if (problem.kind !== 'parse' && problem.kind !== 'unreadable') continue;

          context.report({
            messageId: problem.kind,
            location: problem.location,
            data: {
              kind: KIND_NAMES[problem.fileKind ?? ''] ?? 'deployment file',
              message: problem.message,
            },
            key: problem.message,
          });
        }
      },
    };
  },
});
