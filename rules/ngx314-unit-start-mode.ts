// systemd waits for a Type=notify service to send READY=1 and for a Type=forking one to fork
// away; a server that does neither leaves the start hanging until TimeoutStartSec= kills it.
// https://www.freedesktop.org/software/systemd/man/systemd.service.html#Type=
import { defineRule } from '../src/engine/define.js';
import {
  chainRelated,
  deploymentOf,
  launcherLabel,
  nginxSideRelated,
  launcherKey,
} from '../src/deploy/project.js';
import { lastSetting } from '../src/deploy/systemd.js';

export default defineRule({
  id: 'NGX314',
  name: 'unit-start-mode',
  description: "Require a unit's Type= to match how its server starts",
  severity: 'warning',
  tags: ['deployment', 'systemd'],
  messages: {
    notify:
      'Type=notify, but {{what}} never notifies systemd, so the start hangs until TimeoutStartSec= and fails; expected Type=exec or simple',
    forking:
      'Type=forking, but {{what}} stays in the foreground, so the start hangs until TimeoutStartSec= and fails; expected Type=exec or simple',
  },
  create(context) {
    return {
      end() {
        for (const launcher of deploymentOf(context.project)?.launchers ?? []) {
          const type = launcher.unit && lastSetting(launcher.unit, 'Type');

          if (!type) continue;

          // gunicorn's arbiter sends READY=1 (gunicorn/systemd.py); uvicorn and the others do not.
          const notifies = launcher.server === 'gunicorn';
          const forks = !!launcher.daemonizes || launcher.background.length > 0;
          const messageId =
            type.value === 'notify' && !notifies
              ? 'notify'
              : type.value === 'forking' && !forks
                ? 'forking'
                : undefined;

          if (!messageId) continue;

          context.report({
            messageId,
            location: launcher.location,
            data: { what: launcherLabel(launcher) },
            related: [
              { ...type.location, message: `Type=${type.value} is set here` },
              ...chainRelated(launcher),
              ...nginxSideRelated(context.project),
            ],
            key: launcherKey(launcher, context.project.root),
          });
        }
      },
    };
  },
});
