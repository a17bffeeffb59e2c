// What the rules and the port policy take from the deployment model: the model of a project,
// the launcher hook (the addresses the app binds, kept launcher first), and safe wording.
import { isIP } from 'node:net';
import type { AppBinding, Project, RelatedLocation } from '../engine/types.js';
import { anchorOf } from '../engine/runner.js';
import { proxyUsesOf } from '../nginx/collections.js';
import { isLocalTarget } from '../nginx/listen.js';
import type { Bind, Deployment, Launcher, Origin } from './types.js';

/** The deployment model of a project, when src/deploy read one. */
export function deploymentOf(project: Project): Deployment | undefined {
  return project.deployment;
}

/**
 * A launcher's fingerprint part: kind, file and server, no line numbers and no words that may
 * come from an env file (the engine numbers launchers that share it in document order).
 */
export function launcherKey(launcher: Launcher, root: string): string {
  const file = launcher.location.file.startsWith(`${root}/`)
    ? launcher.location.file.slice(root.length + 1)
    : launcher.location.file;

  return `${launcher.kind} ${file} ${launcher.serverLabel}`;
}

/**
 * The launcher that is meant to start the app: the one `keep` names (see namedLauncher), else
 * the first systemd unit, else the first launcher found.
 */
export function keptLauncher(
  launchers: Launcher[],
  root: string,
  keep?: string,
): Launcher | undefined {
  const named = keep ? namedLauncher(launchers, root, keep) : undefined;

  return named ?? launchers.find((l) => l.kind === 'systemd') ?? launchers[0];
}

/** The first launcher `name` names: a path relative to the root, optionally with `:line`, or a
 * kind such as `systemd`; undefined when it names none. */
export function namedLauncher(
  launchers: Launcher[],
  root: string,
  name: string,
): Launcher | undefined {
  const [path, line] = name.split(':');
  const bare = path.replace(/^\.\//, '');
  const isFile = (file: string) =>
    file === path || file === `${root}/${bare}` || file.endsWith(`/${bare}`);

  return launchers.find(
    (l) =>
      l.kind === name ||
      (isFile(l.location.file) && (line === undefined || l.location.line === Number(line))),
  );
}

/** The launcher hook of the port policy: every address the launchers bind, kept one first. */
export function appBindings(deployment: Deployment, keep?: string): AppBinding[] {
  const kept = keptLauncher(deployment.launchers, deployment.root, keep);
  const ordered = kept ? [kept, ...deployment.launchers.filter((l) => l !== kept)] : [];

  return ordered.flatMap((launcher) =>
    launcher.binds.flatMap((bind): AppBinding[] => {
      const label = launcherLabel(launcher);
      const key = launcherKey(launcher, deployment.root);
      // Only what set the port (or socket): the policy names these as the app port's origin.
      const sources = [bind.port?.origin, bind.path?.origin].flatMap((o) =>
        o?.location
          ? [{ kind: 'launcher' as const, label: o.name ?? o.label, location: o.location }]
          : [],
      );

      if (bind.kind === 'unix') {
        return bind.path
          ? [{ unix: bind.path.value, label, key, location: launcher.location, sources }]
          : [];
      }

      if (!bind.port) return [];

      return [
        {
          host: bind.host?.value,
          port: bind.port.value,
          label,
          key,
          location: launcher.location,
          sources,
        },
      ];
    }),
  );
}

/** `uvicorn started by ExecStart= in app.service`. */
export function launcherLabel(launcher: Launcher): string {
  const first = launcher.chain[0];

  return launcher.chain.length > 1
    ? `${launcher.serverLabel} started by ${first.label}`
    : launcher.serverLabel;
}

/** A host as messages may show it: addresses only, never a name that came from a file. */
export function showHost(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '');

  if (bare === '') return '0.0.0.0';

  return isIP(bare) || bare === 'localhost' ? bare : 'a host name';
}

/** Hosts that every interface answers: reachable past nginx. */
export function isPublicHost(host: string): boolean {
  return ['0.0.0.0', '', '::', '[::]'].includes(host);
}

/** Related locations for every place that set this bind's address, effective or not. */
export function bindRelated(launcher: Launcher, bind: Bind): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  const seen = new Set<string>();
  const add = (origin: Origin | undefined, what: string) => {
    if (!origin?.location) return;

    const key = `${origin.location.file}:${origin.location.line}:${origin.location.column}`;

    if (seen.has(key)) return;

    seen.add(key);
    out.push({
      ...origin.location,
      message: origin.effective
        ? `${what} set here${origin.note ? ` (${origin.note})` : ''}`
        : `${what} also set here, without effect: ${origin.note ?? 'not used'}`,
    });
  };

  add(bind.port?.origin, 'the port');
  add(bind.host?.origin, 'the host');
  add(bind.path?.origin, 'the socket');

  for (const origin of launcher.settings) add(origin, 'an address');

  return out;
}

/** The chain beyond the trigger, as related locations (the script, the exec line …). */
export function chainRelated(launcher: Launcher): RelatedLocation[] {
  const same = (a: { file: string; line: number }) =>
    a.file === launcher.location.file && a.line === launcher.location.line;

  return launcher.chain
    .slice(1)
    .filter((step) => !same(step.location))
    .map((step) => ({ ...step.location, message: `which runs ${step.label}` }));
}

/** Where a location is, for messages: `deploy/start.sh:4`. */
export function at(
  location: { file: string; line: number },
  relativePath: (f: string) => string,
): string {
  return `${relativePath(location.file)}:${location.line}`;
}

/**
 * The nginx side of a launcher finding: every local proxy_pass (or upstream server) that sends
 * requests to the app, for rules to list as related locations.
 */
export function nginxSideRelated(project: Project): RelatedLocation[] {
  return proxyUsesOf(project.configs)
    .filter((use) => use.target.kind !== 'variable' && isLocalTarget(use.target))
    .map((use) => ({
      ...anchorOf(use.via?.server ?? use.proxyPass),
      message: 'nginx proxies to the app here',
    }));
}
