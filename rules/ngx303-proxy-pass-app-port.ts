// A proxy_pass to a local port where the app does not listen answers every request with 502
// Bad Gateway. Both sides are named: the target, and where the app's port came from.
import { defineRule } from '../src/engine/define.js';
import type { AppBinding, RelatedLocation } from '../src/engine/types.js';
import { anchorOf } from '../src/engine/runner.js';
import { proxyUsesOf } from '../src/nginx/collections.js';
import { isLocalTarget, targetText } from '../src/nginx/listen.js';
import { describeSources } from '../src/policy.js';
import { deploymentOf } from '../src/deploy/project.js';

export default defineRule({
  id: 'NGX303',
  name: 'proxy-pass-app-port',
  description:
    'Require a proxy_pass to a local target to reach the port or socket the app listens on',
  severity: 'error',
  tags: ['ports', 'proxy'],
  messages: {
    wrongPort: 'proxy_pass targets port "{{port}}", expected the app port "{{appPort}}" ({{from}})',
    wrongUpstreamPort:
      'upstream "{{upstream}}" sends proxy_pass to port "{{port}}", expected the app port "{{appPort}}" ({{from}})',
    wrongSocket: 'proxy_pass targets "{{target}}", but the app listens on {{appSide}}',
    notChecked:
      'proxy_pass target "{{target}}" holds a variable that cannot be resolved statically, not checked against the app port',
  },
  create(context) {
    const policy = context.project.policy;
    const from = describeSources(policy.appPortSources, context.relativePath);
    const sourceRelated: RelatedLocation[] = policy.appPortSources.flatMap((s) =>
      s.location ? [{ ...s.location, message: `the app port is set here: ${s.label}` }] : [],
    );

    // `--bind in systemd/app.service:6`, as NGX312 names the same place.
    const bindingAt = (b: AppBinding) => b.sources?.find((s) => s.location) ?? b;
    const socketSource = (b: AppBinding) => {
      const at = bindingAt(b);

      return at.location
        ? `${at.label} in ${context.relativePath(at.location.file)}:${at.location.line}`
        : at.label;
    };

    // With no port declared, the app's is uvicorn's default only as a guess: a launcher whose
    // port cannot be known (NGX319 says so) may well use the port proxy_pass names.
    const guessed =
      policy.appPortSources.every((s) => s.kind === 'default') &&
      (deploymentOf(context.project)?.launchers ?? []).some((l) => l.binds.some((b) => b.unknown));

    return {
      end() {
        for (const use of proxyUsesOf(context.project.configs)) {
          const { target, proxyPass, via } = use;
          const anchor = via?.server ?? proxyPass;
          const related = via
            ? [
                { ...anchorOf(proxyPass), message: 'proxy_pass through this upstream' },
                ...sourceRelated,
              ]
            : sourceRelated;

          if (target.kind === 'variable') {
            context.report({
              messageId: 'notChecked',
              node: anchor,
              severity: 'info',
              data: { target: target.text },
            });
            continue;
          }

          if (!isLocalTarget(target)) continue;

          if (target.kind === 'unix') {
            const sockets = (policy.bindings ?? []).filter((b) => b.unix !== undefined);

            if (sockets.some((b) => b.unix === target.path)) continue;

            // The app's side is where its sockets were bound, not where its port came from.
            const appSide = sockets.length
              ? sockets.map((b) => `"unix:${b.unix}" (${socketSource(b)})`).join(', ')
              : `port "${policy.appPort}", not on a unix socket (${from})`;
            const socketRelated = sockets
              .map(bindingAt)
              .flatMap(({ location }) =>
                location ? [{ ...location, message: `the app's socket is bound here` }] : [],
              );

            context.report({
              messageId: 'wrongSocket',
              node: anchor,
              data: { target: targetText(target), appSide },
              related: sockets.length
                ? [...related.slice(0, via ? 1 : 0), ...socketRelated]
                : related,
            });
            continue;
          }

          if (target.kind !== 'inet' || target.port === policy.appPort || guessed) continue;

          context.report({
            messageId: via ? 'wrongUpstreamPort' : 'wrongPort',
            node: anchor,
            data: {
              port: target.port,
              appPort: policy.appPort,
              from,
              upstream: via?.upstream.args[0]?.value ?? '',
            },
            related,
            key: via ? context.relativePath(proxyPass.file) + proxyPass.args[0].raw : undefined,
          });
        }
      },
    };
  },
});
