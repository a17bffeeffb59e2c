// What starts commands at all: systemd units, crontab lines, Procfile entries, supervisor
// programs and scripts run by hand. Each trigger is one run; the commands it reaches are
// interpreted by commands.ts.
import { basename, dirname } from 'node:path';
import { namesNullDevice } from '../include/fs.js';
import type { DeployContext, RichWord } from './context.js';
import { exported, originAt, readEnvFile, readText, showPath } from './context.js';
import { runCommand, runString, type Run } from './commands.js';
import { serverJoin } from './paths.js';
import type { Shell } from './shell.js';
import { walkStatements } from './shell.js';
import { allSettings, lastSetting, settingText, splitUnitWords, unitPath } from './systemd.js';
import { EmbeddedText, type FileText, type TextMap } from './text.js';
import type { EnvVar, LauncherKind, Location, SystemdUnit, UnitSetting } from './types.js';
import { readScript } from './context.js';

export function newRun(kind: LauncherKind, unit?: SystemdUnit): Run {
  return { kind, chain: [], timeline: [], unit, launchers: [], reached: new Set(), stack: [] };
}

function newShell(text: TextMap, run: Run, env: Map<string, EnvVar>, cwd?: string): Shell {
  return {
    text,
    vars: env,
    allExport: false,
    cwd,
    functions: new Map(),
    args: [],
    background: [],
    run,
  };
}

/** A word made of a range of a text (for command strings in cron lines, Procfiles …). */
export function rangeWord(text: FileText, start: number, end: number): RichWord {
  const offsets: number[] = [];

  for (let i = start; i < end; i++) offsets.push(i);

  return {
    value: text.text.slice(start, end),
    known: true,
    location: text.location(start, end),
    offsets,
    text,
  };
}

/**
 * The environment systemd gives ExecStart=: Environment=, then EnvironmentFile= over it.
 * `unread` names the first EnvironmentFile= that was not read: any variable may come from it.
 */
export function unitEnvironment(
  context: DeployContext,
  unit: SystemdUnit,
): { env: Map<string, EnvVar>; unread?: string } {
  const env = new Map<string, EnvVar>();
  let unread: string | undefined;

  for (const setting of allSettings(unit, 'Environment')) {
    for (const word of splitUnitWords(settingText(setting)).words) {
      const equals = word.value.indexOf('=');

      if (equals <= 0) continue;

      const name = word.value.slice(0, equals);
      const location = settingText(setting).location(word.start, word.end);

      const origin = originAt(context, name, location, { note: 'Environment=' });

      env.set(name, exported(name, word.value.slice(equals + 1), origin));
    }
  }

  for (const setting of allSettings(unit, 'EnvironmentFile')) {
    const optional = setting.value.startsWith('-');
    const { path, mayBeAbsolute, specifier } = unitPath(
      optional ? setting.value.slice(1) : setting.value,
    );

    // systemd loads nothing from a relative path (NGX316 says so), nothing from /dev/null.
    if (!mayBeAbsolute || namesNullDevice(path)) continue;

    if (specifier) serverOnlyPath(context, path, specifier, setting.valueLocation);

    const file = specifier
      ? undefined
      : context.paths.file(path, setting.valueLocation, { anyFile: true });
    const read = file ? readEnvFile(context, file, 'systemd') : undefined;
    const note = `EnvironmentFile= in ${showPath(context, setting.file)}:${setting.location.line}`;

    if (!read) {
      unread ??= `"${path}" (${note})`;
      continue;
    }

    for (const entry of read.entries) {
      env.set(
        entry.name,
        exported(entry.name, entry.value, originAt(context, entry.name, entry.location, { note })),
      );
    }
  }

  return { env, unread };
}

/** A path systemd expands from its specifiers (`%h/app/.env`): no tree file stands for it. */
function serverOnlyPath(
  context: DeployContext,
  path: string,
  specifier: string,
  location: Location,
): void {
  context.problems.push({
    kind: 'unmapped',
    message: `"${path}" holds the systemd specifier ${specifier}, known only on the server; not checked`,
    location,
  });
}

/** Each ExecStart= of a unit is a run of kind systemd. */
export function runUnit(context: DeployContext, unit: SystemdUnit): Run[] {
  const runs: Run[] = [];
  const { env, unread } = unitEnvironment(context, unit);
  const workDir = lastSetting(unit, 'WorkingDirectory')?.value.replace(/^-/, '');
  // systemd starts system services in "/" unless WorkingDirectory= says otherwise.
  const cwd = workDir === undefined ? '/' : workDir.startsWith('/') ? workDir : undefined;

  for (const setting of allSettings(unit, 'ExecStart')) {
    const run = newRun('systemd', unit);
    const words = execWords(setting, env, unread === undefined);

    run.envUnread = unread;

    run.chain.push({ label: `ExecStart= in ${basename(unit.path)}`, location: setting.location });
    runCommand(context, words, newShell(settingText(setting), run, new Map(env), cwd), {
      prefix: new Map(),
      background: [],
      location: setting.location,
    });
    runs.push(run);
  }

  return runs;
}

/**
 * ExecStart= words: leading `-@:+!` prefixes dropped (`@` names argv[0] next), `$NAME` as a
 * whole word split on blanks, `${NAME}` substituted inside a word, `$$` and `%%` unescaped.
 */
function execWords(setting: UnitSetting, env: Map<string, EnvVar>, complete: boolean): RichWord[] {
  const text = settingText(setting);
  const split = splitUnitWords(text).words;
  const out: RichWord[] = [];
  const first = split[0];

  if (first) {
    const prefix = /^[-@:+!]*/.exec(first.value)![0];

    first.value = first.value.slice(prefix.length);
    first.offsets = first.offsets.slice(prefix.length);

    if (prefix.includes('@')) split.splice(1, 1);
  }

  for (const word of split) {
    const location = text.location(word.start, word.end);
    const offsets = word.offsets.map((i) => text.hostOffset(i));
    const whole = /^\$([A-Za-z_]\w*)$/.exec(word.value);
    const expanded: EnvVar[] = [];
    const lookup = (name: string) => {
      const variable = env.get(name);

      if (variable) expanded.push(variable);

      return variable ? variable.value : complete ? '' : undefined;
    };

    if (whole) {
      const value = lookup(whole[1]);

      if (value === undefined)
        out.push({ value: word.value, known: false, location, offsets, text });
      else {
        for (const part of value.split(/\s+/).filter(Boolean)) {
          out.push({
            value: part,
            known: true,
            location,
            offsets: [...part].map(() => offsets[0]),
            text,
            expanded,
          });
        }
      }

      continue;
    }

    let known = true;
    const value = word.value
      .replace(/\$\{([A-Za-z_]\w*)\}/g, (_, name: string) => {
        const found = lookup(name);

        if (found === undefined) known = false;

        return found ?? '';
      })
      .replace(/\$\$/g, '$')
      .replace(/%%/g, '%');

    out.push({
      value,
      known,
      location,
      offsets: value === word.value ? offsets : [...value].map(() => offsets[0]),
      text,
      expanded,
    });
  }

  return out;
}

/** A script nobody else calls is a launcher of its own when it starts the app. */
export function runRootScript(context: DeployContext, path: string): Run | undefined {
  const script = readScript(context, path);

  if (!script) return undefined;

  const run = newRun('script');

  run.stack.push(path);
  walkStatements(context, script.tree.rootNode.children, {
    ...newShell(script.text, run, new Map()),
    script: path,
  });

  return run;
}

/** Crontab lines: `@reboot CMD`, five time fields (plus a user in system crontabs), `NAME=value`. */
export function runCrontab(context: DeployContext, path: string): Run[] {
  const text = readText(context, path);

  if (!text) return [];

  const runs: Run[] = [];
  const system =
    path.includes('/cron.d/') || (basename(path) === 'crontab' && dirname(path).endsWith('/etc'));
  const env = new Map<string, EnvVar>();
  let at = 0;

  for (const line of text.text.split('\n')) {
    const start = at;

    at += line.length + 1;

    const trimmed = line.trim();

    if (trimmed === '' || trimmed.startsWith('#')) continue;

    const assignment = /^([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(trimmed);

    if (assignment) {
      const offset = start + line.indexOf(assignment[1]);

      const name = assignment[1];
      const origin = originAt(context, name, text.location(offset, offset + name.length));

      env.set(name, exported(name, assignment[2].replace(/^(["'])(.*)\1$/, '$2'), origin));
      continue;
    }

    const fields = trimmed.startsWith('@') ? 1 + (system ? 1 : 0) : 5 + (system ? 1 : 0);
    const commandStart = skipFields(line, fields);

    if (commandStart < 0) continue;

    // An unescaped % ends the command; the rest is its standard input.
    let commandEnd = line.length;

    for (let i = commandStart; i < line.length; i++) {
      if (line[i] === '%' && line[i - 1] !== '\\') {
        commandEnd = i;
        break;
      }
    }

    const run = newRun('cron');
    const location = text.location(start, start + line.length);

    run.chain.push({ label: `crontab line ${location.line}`, location });

    const word = rangeWord(text, start + commandStart, start + commandEnd);
    const shell = newShell(text, run, new Map(env));

    runString(context, shell, word, new Map(env), [], {
      prefix: new Map(),
      background: [],
      location,
    });
    runs.push(run);
  }

  return runs;
}

function skipFields(line: string, count: number): number {
  let i = 0;

  for (let field = 0; field < count; field++) {
    while (i < line.length && /\s/.test(line[i])) i++;

    if (i >= line.length) return -1;

    while (i < line.length && !/\s/.test(line[i])) i++;
  }

  while (i < line.length && /\s/.test(line[i])) i++;

  return i < line.length ? i : -1;
}

/** Procfile `web: uvicorn main:app --port $PORT`: the runner sets PORT (value unknown here). */
export function runProcfile(context: DeployContext, path: string): Run[] {
  const text = readText(context, path);

  if (!text) return [];

  const runs: Run[] = [];
  let at = 0;

  for (const line of text.text.split('\n')) {
    const start = at;
    const colon = line.indexOf(':');

    at += line.length + 1;

    if (line.trim().startsWith('#') || colon <= 0 || !/^[\w-]+$/.test(line.slice(0, colon).trim()))
      continue;

    const location = text.location(start, start + line.length);
    const run = newRun('procfile');
    const env = new Map<string, EnvVar>([
      [
        'PORT',
        {
          name: 'PORT',
          exported: true,
          origin: { label: 'PORT set by the Procfile runner', location, effective: true },
        },
      ],
    ]);

    run.chain.push({ label: `Procfile ${line.slice(0, colon).trim()}`, location });
    runString(
      context,
      newShell(text, run, env, dirname(path)),
      rangeWord(text, start + colon + 1, start + line.length),
      env,
      [],
      {
        prefix: new Map(),
        background: [],
        location,
      },
    );
    runs.push(run);
  }

  return runs;
}

/** supervisor `[program:x]`: command= split like shlex (no shell), directory=, environment=. */
export function runSupervisor(context: DeployContext, path: string): Run[] {
  const text = readText(context, path);

  if (!text) return [];

  const runs: Run[] = [];
  const sections = iniSections(text);

  for (const section of sections) {
    if (!section.name.startsWith('program:')) continue;

    const command = section.keys.get('command');

    if (!command) continue;

    const env = new Map<string, EnvVar>();
    const environment = section.keys.get('environment');

    if (environment) {
      for (const match of environment.value.matchAll(
        /([A-Za-z_]\w*)\s*=\s*("([^"]*)"|'([^']*)'|[^,]*)/g,
      )) {
        const name = match[1];
        const value = match[3] ?? match[4] ?? match[2].trim();

        // `%(ENV_X)s` takes supervisord's own environment: unknown here.
        const known = value.includes('%(') ? undefined : value;

        env.set(name, exported(name, known, originAt(context, name, environment.location)));
      }
    }

    const directory = section.keys.get('directory')?.value;
    const run = newRun('supervisor');
    const embedded = new EmbeddedText(text, command.value, command.offsets);
    const words: RichWord[] = splitUnitWords(embedded).words.map((w) => ({
      value: w.value,
      known: !w.value.includes('%('),
      location: embedded.location(w.start, w.end),
      offsets: w.offsets.map((i) => embedded.hostOffset(i)),
      text: embedded,
    }));

    run.chain.push({ label: `[${section.name}] in ${basename(path)}`, location: command.location });
    runCommand(
      context,
      words,
      newShell(embedded, run, new Map(env), directory && serverJoin(undefined, directory)),
      {
        prefix: new Map(),
        background: [],
        location: command.location,
      },
    );
    runs.push(run);
  }

  return runs;
}

interface IniValue {
  value: string;
  offsets: number[];
  location: Location;
}

/** INI sections as supervisor reads them: `key = value`, indented lines continue a value. */
function iniSections(text: FileText): Array<{ name: string; keys: Map<string, IniValue> }> {
  const sections: Array<{ name: string; keys: Map<string, IniValue> }> = [];
  let current: IniValue | undefined;
  let at = 0;

  for (const line of text.text.split('\n')) {
    const start = at;

    at += line.length + 1;

    const trimmed = line.trim();

    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) continue;

    if (/^\s/.test(line) && current) {
      const from = start + line.indexOf(trimmed);

      current.value += ` ${trimmed}`;
      current.offsets.push(from - 1, ...[...trimmed].map((_, i) => from + i));
      continue;
    }

    const header = /^\[([^\]]+)\]/.exec(trimmed);

    if (header) {
      sections.push({ name: header[1].trim(), keys: new Map() });
      current = undefined;
      continue;
    }

    const equals = line.search(/[=:]/);

    if (equals < 0 || sections.length === 0) continue;

    const key = line.slice(0, equals).trim();
    const valueText = line.slice(equals + 1);
    const lead = valueText.length - valueText.trimStart().length;
    const value = valueText.trim();
    const from = start + equals + 1 + lead;

    current = {
      value,
      offsets: [...value].map((_, i) => from + i),
      location: text.location(start + line.indexOf(key), start + line.length),
    };
    sections[sections.length - 1].keys.set(key, current);
  }

  return sections;
}
