// Turns a server command found in a run into a Launcher: the chain that reached it, its
// environment, the addresses it binds and what ran before it.
import { basename } from 'node:path';
import type { CommandOptions, TimelineItem } from './commands.js';
import type { DeployContext, RichWord } from './context.js';
import { resolveServer } from './servers.js';
import type { Shell } from './shell.js';
import type { Background, EnvVar, Launcher, ServerKind } from './types.js';

export interface LaunchRequest {
  server: ServerKind;
  program: RichWord;
  args: RichWord[];
  script?: RichWord;
  /** The whole command line as executed, when it holds more than program, script and args. */
  argv?: RichWord[];
  env: Map<string, EnvVar>;
  background: Background[];
  options: CommandOptions;
  label?: string;
}

/** The stops and waits seen before each launcher started, judged once all launchers are known. */
export const rawTimelines = new WeakMap<Launcher, TimelineItem[]>();

export function launch(context: DeployContext, shell: Shell, request: LaunchRequest): void {
  const unexported = [...shell.vars.values()].filter(
    (v) => !v.exported && !request.env.has(v.name),
  );
  const address = resolveServer(context, {
    server: request.server,
    args: request.args,
    env: request.env,
    envUnread: shell.run.envUnread,
    unexported,
    cwd: shell.cwd,
    script: request.script,
    location: request.options.location,
  });

  if (!address.isServer) return;

  const run = shell.run;
  const label = request.label ?? basename(request.program.value);
  const chain = [...run.chain, { label, location: request.options.location }];
  const first = chain[0];
  const argv = request.argv ?? [
    request.program,
    ...(request.script ? [request.script] : []),
    ...request.args,
  ];
  const launcher: Launcher = {
    id: `${run.kind}:${first.location.file}:${first.location.line}:${run.launchers.length}`,
    kind: run.kind,
    location: first.location,
    chain,
    command: request.options.location,
    server: request.server,
    serverLabel: label,
    argv: argv.map(({ value, known, location }) => ({ value, known, location })),
    env: [...request.env.values()],
    cwd: shell.cwd,
    app: address.app,
    entryPoint: address.entryPoint,
    addressFrom: address.addressFrom,
    binds: address.binds,
    settings: address.settings,
    background: request.background,
    daemonizes: address.daemonizes,
    timeline: [],
    unit: run.unit,
  };

  rawTimelines.set(launcher, [...run.timeline]);
  run.launchers.push(launcher);
}
