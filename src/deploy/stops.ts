// Commands that stop the app (pkill, killall, kill, fuser -k, systemctl stop …) or wait for it
// (sleep, ngxlint ports --wait-free), kept in a run's timeline, and whether a stop hits a
// given launcher's process.
import { basename } from 'node:path';
import type { DeployContext, RichWord } from './context.js';
import { skipOptions } from './argv.js';
import type { CommandOptions } from './commands.js';
import type { Shell } from './shell.js';
import type { Launcher, WaitStep } from './types.js';

/** Services a stop may name that are never the app. */
const NOT_THE_APP = new Set(['nginx', 'apache2', 'httpd', 'postgresql', 'mysql', 'redis', 'redis-server', 'cron', 'docker']);

/** What a stop command may hit; evaluated against each launcher that starts after it. */
export interface StopTarget {
  /** pkill/killall pattern and whether it matches the full command line. */
  pattern?: { text: string; full: boolean; exact: boolean; regex: boolean };
  port?: number;
  service?: string;
  /** A pid we cannot follow (`kill $(cat app.pid)`): counts as the app. */
  any?: boolean;
}

/** Records stops and waits; true when the command was one. */
export function stopOrWait(
  shell: Shell,
  name: string,
  args: RichWord[],
  options: CommandOptions,
): boolean {
  const timeline = shell.run.timeline;
  const location = options.location;
  // As written in the file, never expanded: an expansion may hold an env file's value.
  const label = writtenText(shell, options);
  const stop = (target: StopTarget, waits = false) =>
    timeline.push({ kind: 'stop', step: { label, location, waits }, target });
  const wait = (how: WaitStep['how']) => timeline.push({ kind: 'wait', step: { how, label, location } });
  const positional = args.filter((a) => !a.value.startsWith('-'));

  switch (name) {
    case 'pkill': {
      const pattern = skipOptions(args, new Set(['-u', '-U', '-g', '-G', '-P', '-s', '-t', '--signal']))[0];
      const flags = args.filter((a) => a.value.startsWith('-')).map((a) => a.value);

      const full = flags.some((f) => /^-[a-z]*f/.test(f) || f === '--full');

      stop(pattern?.known ? { pattern: { text: pattern.value, full, exact: flags.includes('-x'), regex: true } } : { any: true });

      return true;
    }
    case 'killall': {
      const waits = args.some((a) => a.value === '-w' || a.value === '--wait');
      const target = skipOptions(args, new Set(['-s', '--signal', '-u', '--user', '-o', '-y']))[0];

      const regex = args.some((a) => a.value === '-r');

      stop(target?.known ? { pattern: { text: target.value, full: false, exact: !regex, regex } } : { any: true }, waits);

      return true;
    }
    case 'kill': {
      if (args.some((a) => a.value === '-0' || a.value === '-l')) return true;

      const piped = options.pipedFrom;

      if (piped) {
        stop(pipedTarget(piped));

        return true;
      }

      const pids = skipOptions(args, new Set(['-s', '-n']));

      if (pids.length > 0 && pids.every((p) => p.value.startsWith('%'))) return true;

      stop({ any: true });

      return true;
    }
    case 'fuser': {
      const port = args.map((a) => /^(\d+)\/tcp$/.exec(a.value) ?? /^:(\d+)$/.exec(a.value)).find(Boolean);

      if (args.some((a) => /^-\w*k/.test(a.value))) stop(port ? { port: Number(port[1]) } : { any: true });

      return true;
    }
    case 'systemctl':
    case 'service':
    case 'supervisorctl': {
      const verbIndex = name === 'service' ? 1 : args.findIndex((a) => !a.value.startsWith('-'));
      const verb = args[verbIndex]?.value;
      const units = name === 'service' ? [args[0]] : args.slice(verbIndex + 1).filter((a) => !a.value.startsWith('-'));

      if (verb === 'stop' || verb === 'kill') {
        for (const unit of units) if (unit) stop({ service: unit.value.replace(/\.service$/, '') }, verb === 'stop');
      }

      return true;
    }
    case 'sleep':
      if (positional.some((a) => !a.known || Number.parseFloat(a.value) > 0)) wait('sleep');

      return true;
    case 'pidwait':
    case 'wait-for-port':
      wait('loop');

      return true;
    case 'ngxlint':
      if (args.some((a) => a.value === '--wait-free')) wait('wait-free');

      return true;
    default:
      return false;
  }
}

function writtenText(shell: Shell, options: CommandOptions): string {
  const node = options.node;
  const text = node ? node.text : shell.text.text;
  const line = text.split('\n', 1)[0].trim();

  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/** `lsof -ti :8000 | xargs kill`, `pgrep -f X | xargs kill`. */
function pipedTarget(source: RichWord[]): StopTarget {
  const name = basename(source[0]?.value ?? '');

  if (name === 'lsof' || name === 'fuser') {
    const port = source.map((w) => /:(\d+)$/.exec(w.value) ?? /^(\d+)\/tcp$/.exec(w.value)).find(Boolean);

    return port ? { port: Number(port[1]) } : { any: true };
  }

  if (name === 'pgrep') {
    const pattern = skipOptions(source.slice(1), new Set(['-u', '-U', '-g']))[0];

    if (!pattern?.known) return { any: true };

    return { pattern: { text: pattern.value, full: source.some((w) => w.value === '-f'), exact: false, regex: true } };
  }

  return { any: true };
}

/** Whether a stop hits this launcher's process (by pattern, port or service). */
// pkill patterns are matched as JavaScript regular expressions, close to POSIX ERE but not equal.
export function stopHits(target: StopTarget, launcher: Launcher, all: Launcher[], context: DeployContext): boolean {
  if (target.any) return true;

  if (target.port !== undefined) return launcher.binds.some((b) => b.port === undefined || b.port.value === target.port);

  if (target.service !== undefined) {
    if (NOT_THE_APP.has(target.service)) return false;

    const unit = context.units.find((u) => u.name.replace(/\.service$/, '') === target.service);

    // A unit the tree does not hold may well be the app's; one it holds must start a server.
    return !unit || all.some((l) => l.unit === unit);
  }

  const pattern = target.pattern!;
  const program = launcher.argv[0]?.value ?? '';
  const comm = basename(program).slice(0, 15);
  const subject = pattern.full ? launcher.argv.map((w) => w.value).join(' ') : comm;

  if (!pattern.regex) return pattern.exact ? subject === pattern.text : subject.includes(pattern.text);

  try {
    return new RegExp(pattern.exact ? `^(?:${pattern.text})$` : pattern.text).test(subject);
  } catch {
    return subject.includes(pattern.text);
  }
}
