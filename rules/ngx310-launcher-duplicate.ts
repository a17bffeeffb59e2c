// Two launchers of one app race for its port at boot: the second one fails, or both run on two
// ports. A systemd unit and a `nohup` script, or a unit and a cron @reboot line, are two.
import { defineRule } from '../src/engine/define.js';
import {
  at,
  chainRelated,
  deploymentOf,
  keptLauncher,
  launcherLabel,
  nginxSideRelated,
  launcherKey,
} from '../src/deploy/project.js';

// The kept launcher is app.launcher of the project config, else the option keep (its older
// spelling); lint checks that both name a launcher found, the same one (a config error if not).
export default defineRule<{ keep?: string }>({
  id: 'NGX310',
  name: 'launcher-duplicate',
  description: 'Disallow starting the app from more than one launcher',
  severity: 'error',
  tags: ['deployment', 'launchers'],
  messages: {
    duplicate:
      '{{what}} starts the app a second time, beside {{kept}} ({{keptAt}}); expected one launcher',
    runsOnImport:
      'uvicorn.run() at the top of this module runs when {{what}} imports it: the app is started twice, and uvicorn stops with "asyncio.run() cannot be called from a running event loop"; expected the call under `if __name__ == "__main__":`',
  },
  options: {
    type: 'object',
    properties: {
      keep: {
        type: 'string',
        description:
          'Same as app.launcher of the project config, the better place (it also picks the app port): the launcher meant to start the app, as a path relative to the root (optionally with ":line") or a kind (systemd, script, supervisor, cron, compose, procfile); default the systemd unit',
      },
    },
    additionalProperties: false,
  },
  defaultOptions: {},
  create(context, options) {
    return {
      end() {
        const deployment = deploymentOf(context.project);
        const launchers = deployment?.launchers ?? [];
        const keep = context.project.launcher ?? options.keep;
        const kept = keptLauncher(launchers, context.project.root, keep);

        // uvicorn (and fastapi's CLI, which runs uvicorn) imports `main:app` inside its event
        // loop: a uvicorn.run() the import reaches cannot start a loop of its own.
        for (const launcher of launchers) {
          const entry = deployment?.entryPoints.find((m) => m.path === launcher.entryPoint);

          if (!['uvicorn', 'fastapi'].includes(launcher.server) || !entry?.runsOnImport) continue;

          context.report({
            messageId: 'runsOnImport',
            location: entry.runsOnImport,
            data: { what: launcherLabel(launcher) },
            related: [
              { ...launcher.location, message: 'the launcher that imports it' },
              ...chainRelated(launcher),
            ],
            key: `${launcherKey(launcher, context.project.root)}:runsOnImport`,
          });
        }

        if (!kept || launchers.length < 2) return;

        for (const launcher of launchers) {
          if (launcher === kept) continue;

          context.report({
            messageId: 'duplicate',
            location: launcher.location,
            data: {
              what: `${launcherLabel(launcher)} (${launcher.kind})`,
              kept: launcherLabel(kept),
              keptAt: at(kept.location, context.relativePath),
            },
            related: [
              { ...kept.location, message: 'the launcher that is kept' },
              ...launchers
                .filter((l) => l !== kept && l !== launcher)
                .map((l) => ({ ...l.location, message: 'another launcher of the app' })),
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
