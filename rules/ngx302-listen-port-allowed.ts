// nginx should listen only on the ports the policy gives it (80 and 443 by default). A listen
// on the app's own port is worse: whichever starts second, nginx or uvicorn, fails to bind.
import { defineRule } from '../src/engine/define.js';
import type { PortSource } from '../src/engine/types.js';
import { serversOf } from '../src/nginx/collections.js';
import { describeSources } from '../src/policy.js';

export default defineRule({
  id: 'NGX302',
  name: 'listen-port-allowed',
  description:
    'Disallow nginx listening on ports outside nginx.ports, and on the app port above all',
  severity: 'warning',
  tags: ['ports', 'nginx'],
  messages: {
    notAllowed: 'nginx listens on port "{{port}}", expected one of {{allowed}} ({{allowedFrom}})',
    takesAppPort:
      'nginx listens on port "{{port}}", the {{which}} ({{from}}), so the app cannot bind it; expected one of {{allowed}}',
    implicitTakesAppPort:
      'server without "listen" takes "*:{{port}}" when nginx starts unprivileged, the {{which}} ({{from}}); add "listen 80"',
  },
  create(context) {
    const policy = context.project.policy;
    const allowed = policy.nginxPorts.map((p) => `"${p}"`).join(', ');
    const sourceText = (sources: readonly PortSource[]) =>
      describeSources(sources, context.relativePath);
    const related = (sources: readonly PortSource[], what: string) =>
      sources.flatMap((s) =>
        s.location ? [{ ...s.location, message: `${what}: ${s.label}` }] : [],
      );

    return {
      end() {
        for (const use of serversOf(context.project.configs).listens({
          asRoot: policy.nginxAsRoot ?? true,
        })) {
          const { port, kind } = use.address;

          if (kind !== 'inet' || policy.nginxPorts.includes(port)) continue;

          const appSide =
            port === policy.appPort
              ? { which: 'app port', sources: policy.appPortSources }
              : port === policy.alternatePort
                ? { which: "app's alternate port", sources: policy.alternatePortSources ?? [] }
                : undefined;

          if (!appSide) {
            const from = policy.nginxPortsSource ? [policy.nginxPortsSource] : [];

            context.report({
              messageId: 'notAllowed',
              node: use.listen ?? use.server,
              path: use.path,
              data: { port, allowed, allowedFrom: sourceText(from) },
              related: related(from, 'allowed ports set here'),
            });
            continue;
          }

          context.report({
            messageId: use.listen ? 'takesAppPort' : 'implicitTakesAppPort',
            node: use.listen ?? use.server,
            path: use.path,
            severity: 'error',
            data: { port, allowed, which: appSide.which, from: sourceText(appSide.sources) },
            related: related(appSide.sources, `the ${appSide.which} is set here`),
          });
        }
      },
    };
  },
});
