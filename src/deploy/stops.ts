// Commands that stop the app (pkill, killall, kill, fuser -k, systemctl stop …) or wait for it
// (sleep, ngxlint ports --wait-free), kept in a run's timeline, and whether a stop hits a
// given launcher's process.
import { basename, dirname } from 'node:path';
import type { DeployContext, RichWord } from './context.js';
import { skipOptions } from './argv.js';
import type { CommandOptions } from './commands.js';
import type { Node } from './grammar.js';
import { commandWords } from './expand.js';
import type { Shell } from './shell.js';
import type { Launcher, WaitStep } from './types.js';

/** Services a stop may name that are never the app. */
const NOT_THE_APP = new Set([
  'nginx',
  'apache2',
  'httpd',
  'postgresql',
  'mysql',
  'redis',
  'redis-server',
  'cron',
  'docker',
]);

/** Programs installed as Python scripts: the kernel runs them through their `#!` line. */
const PYTHON_SCRIPTS = new Set(['uvicorn', 'gunicorn', 'hypercorn', 'fastapi']);

/** pkill/pgrep options that take a value (procps-ng 4). */
const PGREP_VALUED = new Set([
  'd',
  'g',
  'G',
  'P',
  's',
  't',
  'u',
  'U',
  'F',
  'r',
  'ns',
  'nslist',
  'signal',
  'delimiter',
  'group',
  'parent',
  'session',
  'terminal',
  'euid',
  'uid',
  'pidfile',
  'runstates',
  'env',
  'cgroup',
]);
const PGREP_LONG: Record<string, string> = {
  full: 'f',
  exact: 'x',
  'ignore-case': 'i',
  inverse: 'v',
};

/** killall options that take a value (psmisc). */
const KILLALL_VALUED = new Set([
  's',
  'signal',
  'u',
  'user',
  'o',
  'older-than',
  'y',
  'younger-than',
  'n',
  'ns',
  'Z',
  'context',
]);

/** What a stop command may hit; evaluated against each launcher that starts after it. */
export interface StopTarget {
  /**
   * A process pattern: pkill/pgrep match an extended regex anywhere in the name (`full`: the
   * whole command line), or the whole of it (`exact`); killall compares names.
   */
  pattern?: {
    text: string;
    full: boolean;
    exact: boolean;
    regex: boolean;
    ignoreCase?: boolean;
    killall?: boolean;
  };
  port?: number;
  service?: string;
  /** A pid we cannot follow (`kill $(cat app.pid)`): counts as the app. */
  any?: boolean;
}

/** Records stops and waits; true when the command was one. */
export function stopOrWait(
  context: DeployContext,
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
  const wait = (how: WaitStep['how']) =>
    timeline.push({ kind: 'wait', step: { how, label, location } });
  const positional = args.filter((a) => !a.value.startsWith('-'));

  switch (name) {
    case 'pkill':
      stop(pgrepTarget(args));

      return true;
    case 'killall': {
      const { operand, flags } = splitOptions(args, KILLALL_VALUED, {
        wait: 'w',
        regexp: 'r',
        'ignore-case': 'I',
        exact: 'e',
      });
      const regex = flags.has('r');
      const pattern = {
        text: operand?.value ?? '',
        full: false,
        exact: !regex,
        regex,
        killall: true,
      };

      stop(
        operand?.known ? { pattern: { ...pattern, ignoreCase: flags.has('I') } } : { any: true },
        flags.has('w'),
      );

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

      // `kill $(pgrep -f "uvicorn main:app")` stops what pgrep finds.
      const pgrep = options.node ? substitutedPgrep(context, shell, options.node) : undefined;

      stop(pgrep && pids.length === 1 ? pgrepTarget(pgrep) : { any: true });

      return true;
    }
    case 'fuser': {
      // `fuser -k 8000/tcp`, or `fuser -k -n tcp 8000`.
      const tcp = args.findIndex((a, i) => a.value === 'tcp' && args[i - 1]?.value === '-n');
      const port =
        args.map((a) => /^(\d+)\/tcp$/.exec(a.value) ?? /^:(\d+)$/.exec(a.value)).find(Boolean) ??
        (tcp >= 0 ? /^(\d+)$/.exec(args[tcp + 1]?.value ?? '') : null);

      if (args.some((a) => /^-\w*k/.test(a.value)))
        stop(port ? { port: Number(port[1]) } : { any: true });

      return true;
    }
    case 'systemctl':
    case 'service':
    case 'supervisorctl': {
      const verbIndex = name === 'service' ? 1 : args.findIndex((a) => !a.value.startsWith('-'));
      const verb = args[verbIndex]?.value;
      const units =
        name === 'service'
          ? [args[0]]
          : args.slice(verbIndex + 1).filter((a) => !a.value.startsWith('-'));

      if (verb === 'stop' || verb === 'kill') {
        for (const unit of units)
          if (unit) stop({ service: unit.value.replace(/\.service$/, '') }, verb === 'stop');
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
    const port = source
      .map((w) => /:(\d+)$/.exec(w.value) ?? /^(\d+)\/tcp$/.exec(w.value))
      .find(Boolean);

    return port ? { port: Number(port[1]) } : { any: true };
  }

  if (name === 'pgrep') return pgrepTarget(source.slice(1));

  return { any: true };
}

/** The arguments of `pgrep` when a kill's only pid argument is `$(pgrep …)`. */
function substitutedPgrep(
  context: DeployContext,
  shell: Shell,
  node: Node,
): RichWord[] | undefined {
  const pids = node.childrenForFieldName('argument').filter((a) => a && !a.text.startsWith('-'));
  const inner = pids.length === 1 ? pids[0] : undefined;
  const substitution =
    inner?.type === 'string' && inner.namedChildCount === 1 ? inner.namedChildren[0] : inner;

  if (substitution?.type !== 'command_substitution' || substitution.namedChildCount !== 1)
    return undefined;

  const command = substitution.namedChildren[0];

  if (command?.type !== 'command') return undefined;

  const words = commandWords(context, command, shell);

  return basename(words[0]?.value ?? '') === 'pgrep' ? words.slice(1) : undefined;
}

/** pkill's and pgrep's selection: the pattern, -f, -x, -i; -v or no pattern hits anything. */
export function pgrepTarget(args: RichWord[]): StopTarget {
  const { operand, flags } = splitOptions(args, PGREP_VALUED, PGREP_LONG);

  if (!operand?.known || flags.has('v')) return { any: true };

  return {
    pattern: {
      text: operand.value,
      full: flags.has('f'),
      exact: flags.has('x'),
      regex: true,
      ignoreCase: flags.has('i'),
    },
  };
}

/** Options (short ones grouped, a leading signal such as -9 or -TERM) and the first operand. */
function splitOptions(
  args: RichWord[],
  valued: Set<string>,
  long: Record<string, string>,
): { operand?: RichWord; flags: Set<string> } {
  const flags = new Set<string>();
  let i = 0;

  for (; i < args.length; i++) {
    const value = args[i].value;

    if (value === '--') return { operand: args[i + 1], flags };

    if (!value.startsWith('-') || value === '-') break;

    if (value.startsWith('--')) {
      const name = value.slice(2).split('=')[0];

      if (long[name]) flags.add(long[name]);

      if (valued.has(name) && !value.includes('=')) i++;

      continue;
    }

    // A signal: -9, -KILL, -SIGTERM, -s is a value option.
    if (/^-(\d+|[A-Z][A-Z0-9+-]*)$/.test(value)) continue;

    for (let j = 1; j < value.length; j++) {
      if (valued.has(value[j])) {
        if (j === value.length - 1) i++;

        break;
      }

      flags.add(value[j]);
    }
  }

  return { operand: args[i], flags };
}

/**
 * The process a launcher starts, as pkill and killall see it: its name (the kernel's 15-char
 * `comm`: the script's name for a `#!` program such as uvicorn, else the binary's) and its
 * command line (`/usr/bin/python3 /usr/bin/uvicorn main:app …` for such a script).
 */
// Not known: the folder a bare program name is found in (taken as /usr/bin, Debian's packages).
export function processOf(launcher: Launcher): { comm: string; cmdline: string; script?: string } {
  const words = launcher.argv.map((w) => w.value);
  const program = words[0] ?? '';
  const name = basename(program);

  if (PYTHON_SCRIPTS.has(name)) {
    const path = program.includes('/') ? program : `/usr/bin/${name}`;
    const interpreter = `${program.includes('/') ? dirname(program) : '/usr/bin'}/python3`;

    return { comm: name.slice(0, 15), cmdline: [interpreter, path, ...words.slice(1)].join(' ') };
  }

  // killall also knows a script by its name when an interpreter runs it (`python3 main.py`).
  const script =
    /^python[\d.]*$/.test(name) && words[1] && !words[1].startsWith('-')
      ? basename(words[1])
      : undefined;

  return { comm: name.slice(0, 15), cmdline: words.join(' '), script };
}

/** Whether a stop hits this launcher's process (by pattern, port or service). */
// pkill patterns are matched as JavaScript regular expressions, close to POSIX ERE but not equal.
export function stopHits(
  target: StopTarget,
  launcher: Launcher,
  all: Launcher[],
  context: DeployContext,
): boolean {
  if (target.any) return true;

  if (target.port !== undefined)
    return launcher.binds.some((b) => b.port === undefined || b.port.value === target.port);

  if (target.service !== undefined) {
    if (NOT_THE_APP.has(target.service)) return false;

    const unit = context.units.find((u) => u.name.replace(/\.service$/, '') === target.service);

    // A unit the tree does not hold may well be the app's; one it holds must start a server.
    return !unit || all.some((l) => l.unit === unit);
  }

  const pattern = target.pattern!;
  const process = processOf(launcher);

  // A command line the launcher does not fully know may hold what the pattern looks for.
  if (pattern.full && launcher.argv.some((w) => !w.known)) return true;

  const subjects = pattern.killall
    ? [process.comm, process.script].filter((n): n is string => !!n)
    : [pattern.full ? process.cmdline : process.comm];

  return subjects.some((subject) => matches(pattern, subject));
}

function matches(pattern: NonNullable<StopTarget['pattern']>, subject: string): boolean {
  const flags = pattern.ignoreCase ? 'i' : '';

  if (!pattern.regex) {
    // killall compares the first 15 characters of a longer name, as `comm` holds no more.
    const name = basename(pattern.text);
    const wanted = pattern.killall && subject.length === 15 ? name.slice(0, 15) : name;

    return flags ? subject.toLowerCase() === wanted.toLowerCase() : subject === wanted;
  }

  try {
    return new RegExp(pattern.exact ? `^(?:${pattern.text})$` : pattern.text, flags).test(subject);
  } catch {
    return subject.includes(pattern.text);
  }
}
