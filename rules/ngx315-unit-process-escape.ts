// A unit must keep its server as a child it can stop: a server that daemonizes, a command that
// backgrounds and exits, or a KillMode= that spares the workers lets a process outlive the
// service and keep the port. https://www.freedesktop.org/software/systemd/man/systemd.kill.html
import { defineRule } from '../src/engine/define.js';
import {
  chainRelated,
  deploymentOf,
  launcherLabel,
  nginxSideRelated,
  launcherKey,
} from '../src/deploy/project.js';
import { lastSetting } from '../src/deploy/systemd.js';
import type { Launcher } from '../src/deploy/types.js';

export default defineRule({
  id: 'NGX315',
  name: 'unit-process-escape',
  description: 'Disallow unit commands that let the server escape systemd and keep the port',
  severity: 'warning',
  tags: ['deployment', 'systemd'],
  messages: {
    daemonizes:
      '{{what}} daemonizes itself inside a unit, so systemd tracks it through a PID file at best; expected it in the foreground (drop --daemon)',
    backgrounds:
      '"{{how}}" puts {{what}} in the background, so the unit command exits at once and systemd stops the service and kills the app; expected exec in the foreground',
    orphans:
      '"{{how}}" puts {{what}} in the background, so the unit command exits at once and with KillMode={{mode}} the app is orphaned and keeps {{port}}; expected exec in the foreground',
    killMode:
      'KillMode={{mode}} lets the workers of {{what}} outlive a stop and keep {{port}}; expected KillMode=control-group or mixed',
  },
  create(context) {
    return {
      end() {
        for (const launcher of deploymentOf(context.project)?.launchers ?? []) {
          if (launcher.unit) check(launcher);
        }
      },
    };

    function check(launcher: Launcher): void {
      const unit = launcher.unit!;
      const killMode = lastSetting(unit, 'KillMode');
      const mode =
        killMode && ['process', 'none'].includes(killMode.value) ? killMode.value : undefined;
      const type = lastSetting(unit, 'Type')?.value;
      const what = launcherLabel(launcher);
      const port = portText(launcher);
      const killRelated = killMode
        ? [{ ...killMode.location, message: `KillMode=${killMode.value} is set here` }]
        : [];
      const report = (messageId: string, data: Record<string, string>, related = killRelated) =>
        context.report({
          messageId,
          location: launcher.location,
          data: { what, port, ...data },
          related: [...related, ...chainRelated(launcher), ...nginxSideRelated(context.project)],
          key: `${launcherKey(launcher, context.project.root)}:${messageId}`,
        });

      if (launcher.daemonizes) {
        report('daemonizes', {}, [{ ...launcher.daemonizes, message: 'it daemonizes here' }]);
      }

      const mark = launcher.background[0];

      if (mark && type !== 'forking') {
        const related = [
          { ...mark.location, message: 'it goes to the background here' },
          ...killRelated,
        ];

        report(mode ? 'orphans' : 'backgrounds', { how: mark.how, mode: mode ?? '' }, related);
      } else if (mode) {
        report('killMode', { mode });
      }
    }
  },
});

function portText(launcher: Launcher): string {
  const bind = launcher.binds[0];

  if (bind?.kind === 'unix') return 'its socket';

  return bind?.port ? `port "${bind.port.value}"` : 'its port';
}
