// What one command does to the deployment: unwraps `exec`, `nohup`, `env`, `sudo`, `bash -c`
// …, then records a stop, a wait, a call of another script, or the start of an app server.
import { basename, dirname } from 'node:path';
import type { DeployContext, RichWord } from './context.js';
import {
  cloneEnv,
  exported,
  originAt,
  parseText,
  readScript,
  readText,
  shellProblem,
} from './context.js';
import { firstSyntaxError, type Node } from './grammar.js';
import { MAX_CALL_DEPTH } from './limits.js';
import { skipOptions } from './argv.js';
import { launch } from './launch.js';
import { stopOrWait, type StopTarget } from './stops.js';
import { serverJoin, type LookupOptions } from './paths.js';
import { changeDirectory, walkStatements, type Shell } from './shell.js';
import { EmbeddedText } from './text.js';
import type {
  Background,
  ChainStep,
  EnvVar,
  Launcher,
  LauncherKind,
  Location,
  OtherStop,
  StopStep,
  SystemdUnit,
  WaitStep,
} from './types.js';

export type { StopTarget };

export type TimelineItem =
  | { kind: 'stop'; step: StopStep; target: StopTarget }
  | { kind: 'wait'; step: WaitStep }
  | { kind: 'other-stop'; step: OtherStop };

/** One trigger's run: everything started from one unit line, cron line or root script. */
export interface Run {
  kind: LauncherKind;
  chain: ChainStep[];
  timeline: TimelineItem[];
  unit?: SystemdUnit;
  /** The unit's EnvironmentFile= that was not read (a variable the run lacks may be set there). */
  envUnread?: string;
  launchers: Launcher[];
  /** Scripts this run called (they are not launchers of their own). */
  reached: Set<string>;
  /** What runs now: script paths, `name()` for functions, a mark per `bash -c`. */
  stack: string[];
}

export interface CommandOptions {
  prefix: Map<string, EnvVar>;
  background: Background[];
  location: Location;
  node?: Node;
  pipedFrom?: RichWord[];
}

const SERVERS = new Set(['uvicorn', 'gunicorn', 'hypercorn', 'fastapi']);
const ENTRY_NAMES = new Set(['main.py', 'app.py', 'server.py', 'run.py', 'asgi.py']);

/** Interprets one command line (words already expanded). */
export function runCommand(
  context: DeployContext,
  input: RichWord[],
  shell: Shell,
  options: CommandOptions,
): void {
  let words = input;
  const prefix = new Map(options.prefix);
  const background = [...options.background];
  let clearEnv = false;

  // Peel wrappers off the front until the real program is first.
  for (let guard = 0; guard < 20 && words.length > 0; guard++) {
    const name = basename(words[0].value);
    const here = words[0].location;

    if (name === 'exec' || name === 'command' || name === 'builtin' || name === 'time') {
      words = skipOptions(words.slice(1), new Set(['-a']));
    } else if (name === 'nohup') {
      background.push({ how: 'nohup', location: here });
      words = words.slice(1);
    } else if (name === 'setsid') {
      background.push({ how: 'setsid', location: here });
      words = skipOptions(words.slice(1), new Set());
    } else if (
      name === 'nice' ||
      name === 'ionice' ||
      name === 'stdbuf' ||
      name === 'chpst' ||
      name === 'authbind'
    ) {
      words = skipOptions(words.slice(1), new Set(['-n', '-c', '-u', '-p', '-t']));
    } else if (name === 'timeout') {
      words = skipOptions(words.slice(1), new Set(['-s', '-k', '--signal', '--kill-after'])).slice(
        1,
      );
    } else if (name === 'env') {
      const rest = words.slice(1);
      let i = 0;

      for (; i < rest.length; i++) {
        const value = rest[i].value;

        if (value === '-i' || value === '-' || value === '--ignore-environment') clearEnv = true;
        else if (value === '-u' || value === '-C') {
          if (value === '-u') prefix.delete(rest[i + 1]?.value ?? '');
          else changeDirectory(shell, rest[i + 1]);
          i++;
        } else if (/^[A-Za-z_]\w*=/.test(value)) {
          const name = value.slice(0, value.indexOf('='));

          const assigned = rest[i].known ? value.slice(name.length + 1) : undefined;

          prefix.set(name, exported(name, assigned, originAt(context, name, rest[i].location)));
        } else break;
      }

      words = rest.slice(i);
    } else if (name === 'sudo' || name === 'runuser') {
      const rest = words.slice(1);
      const keepsEnv = rest.some((w) => w.value === '-E' || w.value.startsWith('--preserve-env'));

      // sudo resets the environment by default (Debian's env_reset): exports do not pass.
      if (name === 'sudo' && !keepsEnv) clearEnv = true;
      words = skipOptions(
        rest,
        new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '--user', '--group']),
      );

      while (words[0] && /^[A-Za-z_]\w*=/.test(words[0].value)) {
        const value = words[0].value;
        const variable = value.slice(0, value.indexOf('='));

        const origin = originAt(context, variable, words[0].location);

        prefix.set(variable, exported(variable, value.slice(variable.length + 1), origin));
        words = words.slice(1);
      }
    } else if (
      ['poetry', 'pipenv', 'pdm', 'hatch', 'uv'].includes(name) &&
      words[1]?.value === 'run'
    ) {
      words = skipOptions(words.slice(2), new Set(['--with', '--python', '-p']));
    } else if (name === 'screen') {
      background.push({ how: 'screen', location: here });
      words = skipOptions(words.slice(1), new Set(['-S', '-c', '-L', '-Logfile', '-t']));
    } else if (name === 'daemonize') {
      background.push({ how: 'setsid', location: here });
      words = skipOptions(words.slice(1), new Set(['-c', '-p', '-l', '-u', '-e', '-o', '-E']));
    } else break;
  }

  if (words.length === 0) return;

  const program = words[0];
  const name = basename(program.value);
  const args = words.slice(1);
  const env = processEnv(shell, prefix, clearEnv);

  if (name === 'cd') return changeDirectory(shell, args[0]);

  if (name === 'set') return setOptions(shell, args);

  if (name === 'source' || name === '.') return sourceFile(context, shell, args[0]);

  if (name === 'disown' && shell.run.launchers.length > 0) {
    shell.run.launchers[shell.run.launchers.length - 1].background.push({
      how: 'disown',
      location: program.location,
    });

    return;
  }

  if (name === 'tmux' && args[0] && /^new(-session)?$/.test(args[0].value)) {
    const command = args[args.length - 1];

    background.push({ how: 'tmux', location: program.location });

    return command ? runString(context, shell, command, env, background, options) : undefined;
  }

  if (['bash', 'sh', 'dash', 'zsh', 'su'].includes(name)) {
    const dashC = args.findIndex((w) => w.value === '-c' || w.value === '-lc');

    if (dashC >= 0 && args[dashC + 1]) {
      const env2 =
        name === 'su' && args.some((w) => w.value === '-' || w.value === '-l') ? new Map() : env;

      return runString(context, shell, args[dashC + 1], env2, background, options);
    }

    const script = skipOptions(args, new Set(['-o', '-O']))[0];

    if (name === 'su' || !script) return;

    const scriptArgs = args.slice(args.indexOf(script) + 1);

    return callScript(context, shell, script, scriptArgs, env, background, options);

    return;
  }

  if (name === 'start-stop-daemon')
    return startStopDaemon(context, shell, args, env, background, options);

  if (stopOrWait(context, shell, name, args, options)) return;

  if (shell.functions.has(program.value)) {
    const body = shell.functions.get(program.value)!;
    const key = `${program.value}()`;

    // A function already running is not entered again: its base case cannot be evaluated.
    if (!mayEnter(context, shell, key, options.location)) return;

    shell.run.stack.push(key);
    walkStatements(context, [body], { ...shell, args, background });
    shell.run.stack.pop();

    return;
  }

  if (SERVERS.has(name) && (name !== 'fastapi' || ['run', 'dev'].includes(args[0]?.value ?? ''))) {
    return launch(context, shell, {
      server: name as 'uvicorn',
      program,
      args,
      env,
      background,
      options,
    });
  }

  if (/^python[\d.]*$/.test(name))
    return python(context, shell, program, args, env, background, options);

  // A program named by path is a script of the tree only when the tree has it; a `.sh` the
  // tree lacks is reported as not checked.
  if (program.known && (program.value.includes('/') || program.value.endsWith('.sh'))) {
    callScript(context, shell, program, args, env, background, options, {
      quiet: !program.value.endsWith('.sh'),
    });
  }
}

function python(
  context: DeployContext,
  shell: Shell,
  program: RichWord,
  args: RichWord[],
  env: Map<string, EnvVar>,
  background: Background[],
  options: CommandOptions,
): void {
  const rest = skipOptions(args, new Set(['-W', '-X', '-c']));
  const moduleFlag = args.findIndex((w) => w.value === '-m');

  if (moduleFlag >= 0) {
    const module = args[moduleFlag + 1]?.value ?? '';

    if (SERVERS.has(module)) {
      launch(context, shell, {
        server: module as 'uvicorn',
        program,
        args: args.slice(moduleFlag + 2),
        argv: [program, ...args],
        env,
        background,
        options,
        label: `python -m ${module}`,
      });
    }

    return;
  }

  const script = rest[0];

  if (!script?.known || !script.value.endsWith('.py')) return;

  const serverPath = serverJoin(shell.cwd ?? (shell.script && dirname(shell.script)), script.value);
  const inTree = serverPath && context.paths.optional(serverPath);

  if (!inTree && !ENTRY_NAMES.has(basename(script.value))) return;

  launch(
    context,
    { ...shell, cwd: shell.cwd ?? (shell.script && dirname(shell.script)) },
    {
      server: 'python',
      program,
      args: rest.slice(1),
      script,
      argv: [program, ...args],
      env,
      background,
      options,
      label: `${basename(program.value)} ${basename(script.value)}`,
    },
  );
}

/** The environment a child process gets: exported variables plus `VAR=x cmd` assignments. */
function processEnv(
  shell: Shell,
  prefix: Map<string, EnvVar>,
  clear: boolean,
): Map<string, EnvVar> {
  const env = new Map<string, EnvVar>();

  if (!clear)
    for (const [name, variable] of shell.vars) if (variable.exported) env.set(name, variable);

  for (const [name, variable] of prefix) env.set(name, { ...variable, exported: true });

  return env;
}

function setOptions(shell: Shell, args: RichWord[]): void {
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;

    if (/^-\w*a/.test(value) || (value === '-o' && args[i + 1]?.value === 'allexport'))
      shell.allExport = true;

    if (/^\+\w*a/.test(value) || (value === '+o' && args[i + 1]?.value === 'allexport'))
      shell.allExport = false;
  }
}

// A virtualenv's activate script sets PATH, VIRTUAL_ENV and the prompt, nothing a port or a
// launcher depends on. Venvs are not committed (discovery skips venv/ and .venv/), and a
// lookup by path suffix would take any file named `activate` for it: it is not looked up.
const VENV_ACTIVATE = /(^|\/)bin\/activate$/;

/** `source FILE` / `. FILE`: runs in this shell, so its assignments stay. */
function sourceFile(context: DeployContext, shell: Shell, word: RichWord | undefined): void {
  if (word && VENV_ACTIVATE.test(word.value)) return;

  const file = word && resolveTreeFile(context, shell, word);
  const script = file ? readScript(context, file) : undefined;

  if (!script || !mayEnter(context, shell, file!, word!.location)) return;

  const inner: Shell = { ...shell, text: script.text, script: shell.script };

  shell.run.stack.push(file!);
  walkStatements(context, script.tree.rootNode.children, inner);
  shell.run.stack.pop();
  shell.allExport = inner.allExport;
  shell.cwd = inner.cwd;
}

/** A path in a command, as a tree file: relative to the working directory or the script. */
export function resolveTreeFile(
  context: DeployContext,
  shell: Shell,
  word: RichWord,
  lookup: LookupOptions & { quiet?: boolean } = {},
): string | undefined {
  if (!word.known) return undefined;

  const base = word.value.startsWith('/')
    ? undefined
    : (shell.cwd ?? (shell.script && dirname(shell.script)));
  const serverPath = serverJoin(base, word.value);

  if (!serverPath) return undefined;

  return lookup.quiet
    ? context.paths.optional(serverPath, lookup)
    : context.paths.file(serverPath, word.location, lookup);
}

/** Runs another script of the tree as a child process: only exported variables pass. */
function callScript(
  context: DeployContext,
  shell: Shell,
  word: RichWord,
  args: RichWord[],
  env: Map<string, EnvVar>,
  background: Background[],
  options: CommandOptions,
  lookup: { quiet?: boolean } = {},
): void {
  const file = resolveTreeFile(context, shell, word, lookup);

  // A link out of the root: reading it is refused, and that is reported (NGX008).
  if (file && context.outside.has(file)) {
    readText(context, file);

    return;
  }

  if (
    !file ||
    context.kinds.get(file) !== 'shell' ||
    !mayEnter(context, shell, file, options.location)
  )
    return;

  const script = readScript(context, file);

  if (!script) return;

  shell.run.reached.add(file);
  shell.run.chain.push({ label: basename(file), location: options.location });
  shell.run.stack.push(file);
  walkStatements(context, script.tree.rootNode.children, {
    text: script.text,
    vars: cloneEnv(env),
    allExport: false,
    cwd: shell.cwd,
    functions: new Map(),
    script: file,
    args,
    background,
    run: shell.run,
  });
  shell.run.stack.pop();
  shell.run.chain.pop();
}

/** `bash -c "…"`: the string is a script whose positions point into this file. */
export function runString(
  context: DeployContext,
  shell: Shell,
  word: RichWord,
  env: Map<string, EnvVar>,
  background: Background[],
  options: CommandOptions,
): void {
  if (!word.known || !context.bash || !mayEnter(context, shell, '', options.location)) return;

  const text = new EmbeddedText(word.text.host, word.value, word.offsets);
  const tree = parseText(context, 'bash', text);

  if (!tree) return;

  const error = firstSyntaxError(tree.rootNode);

  if (error) context.problems.push(shellProblem(text, error));

  // A mark no script path or function equals: `bash -c` inside `bash -c` is allowed.
  shell.run.stack.push('\0-c');
  walkStatements(context, tree.rootNode.children, {
    ...shell,
    text,
    vars: cloneEnv(env),
    allExport: false,
    functions: new Map(),
    background,
    args: [],
  });
  shell.run.stack.pop();
  tree.delete();
}

/** Whether a run may call `key` (a script, `name()`): not one it is inside, nor too deep. */
function mayEnter(context: DeployContext, shell: Shell, key: string, location: Location): boolean {
  if (key !== '' && shell.run.stack.includes(key)) return false;

  if (shell.run.stack.length < MAX_CALL_DEPTH) return true;

  context.problems.push({
    kind: 'parse',
    message: `calls nested deeper than ${MAX_CALL_DEPTH} levels, not followed`,
    location,
    fileKind: 'shell',
  });

  return false;
}

function startStopDaemon(
  context: DeployContext,
  shell: Shell,
  args: RichWord[],
  env: Map<string, EnvVar>,
  background: Background[],
  options: CommandOptions,
): void {
  const has = (...names: string[]) => args.some((w) => names.includes(w.value));
  const valueOf = (...names: string[]) => args[args.findIndex((w) => names.includes(w.value)) + 1];

  if (has('--stop', '-K')) {
    const program = valueOf('--exec', '-x', '--name', '-n');

    shell.run.timeline.push({
      kind: 'stop',
      step: {
        label: 'start-stop-daemon --stop',
        location: options.location,
        waits: has('--retry', '-R'),
      },
      target: program?.known
        ? { pattern: { text: basename(program.value), full: false, exact: true, regex: false } }
        : { any: true },
    });

    return;
  }

  const program = valueOf('--startas', '-a') ?? valueOf('--exec', '-x');
  const dashes = args.findIndex((w) => w.value === '--');
  const chdir = valueOf('--chdir', '-d');
  const detached = { how: 'start-stop-daemon' as const, location: options.location };
  const marks = has('--background', '-b') ? [...background, detached] : background;

  if (chdir) changeDirectory(shell, chdir);

  if (!program) return;

  const rest = dashes >= 0 ? args.slice(dashes + 1) : [];

  runCommand(context, [program, ...rest], shell, { ...options, prefix: env, background: marks });
}
