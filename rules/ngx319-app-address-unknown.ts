// A launcher whose address depends on something ngxlint cannot see (a variable set outside
// the tree, a socket passed by file descriptor) is not checked against nginx.
import { defineRule } from '../src/engine/define.js';
import {
  deploymentOf,
  launcherLabel,
  nginxSideRelated,
  launcherKey,
} from '../src/deploy/project.js';

export default defineRule({
  id: 'NGX319',
  name: 'app-address-unknown',
  description: 'Report launchers whose address cannot be known statically',
  severity: 'info',
  tags: ['deployment', 'ports'],
  messages: {
    unknown: '{{what}}: {{why}}; its address was not checked',
  },
  create(context) {
    return {
      end() {
        for (const launcher of deploymentOf(context.project)?.launchers ?? []) {
          for (const bind of launcher.binds) {
            // A port the server refuses is NGX312's error.
            if (!bind.unknown || bind.refused) continue;

            context.report({
              messageId: 'unknown',
              location: launcher.location,
              data: { what: launcherLabel(launcher), why: bind.unknown },
              key: launcherKey(launcher, context.project.root),
              related: nginxSideRelated(context.project),
            });
          }
        }
      },
    };
  },
});
