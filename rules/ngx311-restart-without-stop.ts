// A script that starts the app while the old process still holds the port gets "address already
// in use": the stop must come first, and then a wait until the old process has let go.
import { defineRule } from '../src/engine/define.js';
import {
  at,
  chainRelated,
  deploymentOf,
  launcherLabel,
  nginxSideRelated,
  launcherKey,
} from '../src/deploy/project.js';
import type { Launcher } from '../src/deploy/types.js';

export default defineRule({
  id: 'NGX311',
  name: 'restart-without-stop',
  description:
    'Require a script to stop the running app and wait for its port before it starts the app',
  severity: 'error',
  tags: ['deployment', 'launchers'],
  messages: {
    noStop:
      '{{what}} is started without stopping the running app first, so the old process keeps {{port}}',
    stopsOther:
      '{{what}} is started without stopping the running app first: "{{other}}" ({{otherAt}}) stops another program',
    noWait:
      '{{what}} starts right after "{{stop}}" ({{stopAt}}) without waiting for the old process to let go of {{port}}; expected a wait (sleep, a loop, or ngxlint ports --wait-free) after the stop',
  },
  create(context) {
    return {
      end() {
        for (const launcher of deploymentOf(context.project)?.launchers ?? []) {
          if (launcher.kind === 'script') check(launcher);
        }
      },
    };

    function check(launcher: Launcher): void {
      const events = launcher.timeline;
      const lastStop = events.map((e) => e.kind).lastIndexOf('stop');
      const port = portText(launcher);
      const what = launcherLabel(launcher);
      const base = {
        location: launcher.location,
        key: launcherKey(launcher, context.project.root),
      };

      if (lastStop < 0) {
        const other = events.find((e) => e.kind === 'other-stop');

        context.report({
          ...base,
          messageId: other ? 'stopsOther' : 'noStop',
          data: {
            what,
            port,
            other: other?.step.label ?? '',
            otherAt: other ? at(other.step.location, context.relativePath) : '',
          },
          related: [
            ...(other ? [{ ...other.step.location, message: 'this stops another program' }] : []),
            ...chainRelated(launcher),
            ...nginxSideRelated(context.project),
          ],
        });

        return;
      }

      const stop = events[lastStop];

      if (stop.kind !== 'stop' || stop.step.waits) return;

      if (events.slice(lastStop + 1).some((e) => e.kind === 'wait')) return;

      const earlier = events.slice(0, lastStop).filter((e) => e.kind === 'wait');

      context.report({
        ...base,
        messageId: 'noWait',
        data: {
          what,
          port,
          stop: stop.step.label,
          stopAt: at(stop.step.location, context.relativePath),
        },
        related: [
          { ...stop.step.location, message: 'the stop' },
          ...earlier.map((e) => ({
            ...e.step.location,
            message: 'this wait comes before the stop, so it does not count',
          })),
          ...chainRelated(launcher),
          ...nginxSideRelated(context.project),
        ],
      });
    }
  },
});

function portText(launcher: Launcher): string {
  const bind = launcher.binds[0];

  if (bind?.kind === 'unix') return 'its socket';

  return bind?.port ? `port "${bind.port.value}"` : 'its port';
}
