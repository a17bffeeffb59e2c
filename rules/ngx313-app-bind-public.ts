// An app that binds every address can be reached past nginx, skipping its TLS, limits and
// access rules; nginx only needs the loopback address.
import { defineRule } from '../src/engine/define.js';
import {
  bindRelated,
  chainRelated,
  deploymentOf,
  isPublicHost,
  launcherKey,
  launcherLabel,
  nginxSideRelated,
  showHost,
} from '../src/deploy/project.js';

export default defineRule({
  id: 'NGX313',
  name: 'app-bind-public',
  description: 'Disallow the app binding every address (0.0.0.0 or ::) behind nginx',
  severity: 'warning',
  tags: ['deployment', 'ports', 'security'],
  messages: {
    public:
      '{{what}} binds "{{host}}" ({{from}}), so port "{{port}}" is reachable past nginx; expected "127.0.0.1"',
  },
  create(context) {
    return {
      end() {
        for (const launcher of deploymentOf(context.project)?.launchers ?? []) {
          for (const bind of launcher.binds) {
            if (bind.kind !== 'tcp' || !bind.host || !bind.port || !isPublicHost(bind.host.value))
              continue;

            context.report({
              messageId: 'public',
              location: launcher.location,
              data: {
                what: launcherLabel(launcher),
                host: showHost(bind.host.value),
                from: bind.host.origin.label,
                port: bind.port.value,
              },
              related: [
                ...bindRelated(launcher, bind),
                ...chainRelated(launcher),
                ...nginxSideRelated(context.project),
              ],
              key: launcherKey(launcher, context.project.root),
            });
          }
        }
      },
    };
  },
});
