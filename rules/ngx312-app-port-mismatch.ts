// nginx answers 502 when the app listens somewhere else than its proxy target: another port, a
// host that does not include the target's (203.0.113.10 only, or IPv6 only for a 127.0.0.1
// target), or a TCP port where nginx expects a unix socket.
import { defineRule } from '../src/engine/define.js';
import { anchorOf } from '../src/engine/runner.js';
import type { RelatedLocation } from '../src/engine/types.js';
import { proxyUsesOf, type ProxyUse } from '../src/nginx/collections.js';
import { isLocalTarget, targetText } from '../src/nginx/listen.js';
import { describeSources } from '../src/policy.js';
import {
  bindRelated,
  chainRelated,
  deploymentOf,
  launcherLabel,
  showHost,
  launcherKey,
} from '../src/deploy/project.js';
import type { Bind, Launcher } from '../src/deploy/types.js';

export default defineRule({
  id: 'NGX312',
  name: 'app-port-mismatch',
  description:
    "Require the address the app binds to serve nginx's proxy target and the declared app port",
  severity: 'error',
  tags: ['deployment', 'ports'],
  messages: {
    declared:
      '{{what}} binds port "{{port}}" ({{from}}), expected the app port "{{appPort}}" ({{declaredFrom}})',
    target: '{{what}} binds port "{{port}}" ({{from}}), but nginx proxies to "{{target}}"',
    host: '{{what}} binds "{{host}}" only ({{from}}), so nginx\'s connections to "{{target}}" are refused (502); expected "127.0.0.1"',
    wantsSocket:
      '{{what}} binds port "{{port}}" ({{from}}), but nginx proxies to the unix socket "{{target}}"',
    wantsPort:
      '{{what}} binds the unix socket "{{path}}" ({{from}}), but nginx proxies to "{{target}}"',
    socketPath:
      '{{what}} binds the unix socket "{{path}}" ({{from}}), but nginx proxies to "{{target}}"',
    notAPort:
      "{{from}} is not a port number, so {{what}} refuses to start (Invalid value for '--port'){{why}}",
  },
  create(context) {
    const policy = context.project.policy;
    const declared = policy.appPortSources.some((s) => ['flag', 'env', 'config'].includes(s.kind));

    return {
      end() {
        const targets = proxyUsesOf(context.project.configs).filter(
          (u) => u.target.kind !== 'variable' && isLocalTarget(u.target),
        );

        for (const launcher of deploymentOf(context.project)?.launchers ?? []) {
          for (const bind of launcher.binds) check(launcher, bind, targets);
        }
      },
    };

    function check(launcher: Launcher, bind: Bind, targets: ProxyUse[]): void {
      const what = launcherLabel(launcher);
      const origin = bind.port?.origin ?? bind.path?.origin;
      const from = origin?.label ?? 'its defaults';
      const related = (uses: ProxyUse[]): RelatedLocation[] => [
        ...uses.map((u) => ({
          ...anchorOf(u.via?.server ?? u.proxyPass),
          message: 'nginx proxies here',
        })),
        ...bindRelated(launcher, bind),
        ...chainRelated(launcher),
      ];
      const report = (messageId: string, data: Record<string, string | number>, uses: ProxyUse[]) =>
        context.report({
          messageId,
          location: launcher.location,
          data: { what, from, ...data },
          related: related(uses),
          key: `${launcherKey(launcher, context.project.root)}:${messageId}`,
        });

      if (bind.refused) return notAPort(launcher, bind.refused);

      if (bind.kind === 'unix') {
        if (!bind.path || targets.length === 0) return;

        const sockets = targets.filter((u) => u.target.kind === 'unix');

        if (sockets.length === 0) {
          return report(
            'wantsPort',
            { path: bind.path.value, target: targetText(targets[0].target) },
            targets,
          );
        }

        if (!sockets.some((u) => u.target.kind === 'unix' && u.target.path === bind.path!.value)) {
          report(
            'socketPath',
            { path: bind.path.value, target: targetText(sockets[0].target) },
            sockets,
          );
        }

        return;
      }

      if (!bind.port) return;

      const port = bind.port.value;

      if (declared && port !== policy.appPort) {
        const declaredFrom = describeSources(policy.appPortSources, context.relativePath);

        return report('declared', { port, appPort: policy.appPort, declaredFrom }, targets);
      }

      const inet = targets.filter((u) => u.target.kind === 'inet');

      if (inet.length === 0) {
        if (targets.length > 0)
          report('wantsSocket', { port, target: targetText(targets[0].target) }, targets);

        return;
      }

      const samePort = inet.filter((u) => u.target.kind === 'inet' && u.target.port === port);

      if (samePort.length === 0)
        return report('target', { port, target: targetText(inet[0].target) }, inet);

      const refused = samePort.filter(
        (u) => u.target.kind === 'inet' && !serves(bind, u.target.host),
      );

      if (refused.length > 0 && bind.host) {
        const hostFrom = bind.host.origin.label;

        report(
          'host',
          {
            host: showHost(bind.host.value),
            target: targetText(refused[0].target),
            from: hostFrom,
          },
          refused,
        );
      }
    }

    // At the setting: the value is wrong wherever nginx proxies. The value itself is not shown.
    function notAPort(launcher: Launcher, { origin, inlineComment }: NonNullable<Bind['refused']>) {
      // Env file findings quote nothing: no double quotes here.
      const why = inlineComment
        ? '; systemd keeps an inline # comment in the value' +
          ' (only whole lines are comments in an EnvironmentFile=)'
        : '';

      context.report({
        messageId: 'notAPort',
        location: origin.location ?? launcher.location,
        data: { what: launcherLabel(launcher), from: origin.label, why },
        related: [
          { ...launcher.location, message: `${launcher.serverLabel} is started here` },
          ...chainRelated(launcher),
        ],
        key: `${launcherKey(launcher, context.project.root)}:notAPort`,
      });
    }
  },
});

/** Whether a bind answers connections to the target host (nginx connects to each address). */
function serves(bind: Bind, targetHost: string): boolean {
  const host = (bind.host?.value ?? '127.0.0.1').replace(/^\[|\]$/g, '');
  const families = bind.families ?? ['ipv4'];
  const target = targetHost.replace(/^\[|\]$/g, '');
  const anyV4 = ['0.0.0.0', '', '::'].includes(host);
  const v4 = (address: string) =>
    families.includes('ipv4') &&
    (anyV4 || host === address || (host === 'localhost' && address === '127.0.0.1'));
  const v6 = () =>
    families.includes('ipv6') && (host === '::' || host === '::1' || host === 'localhost');

  if (target === 'localhost') return v4('127.0.0.1') || v6();

  if (target === '::1') return v6();

  return v4(target);
}
