// systemd unit files as systemd reads them: sections, `Key=Value` with backslash continuation,
// drop-ins applied in file-name order, and command lines split with systemd's own quoting
// (https://www.freedesktop.org/software/systemd/man/systemd.service.html#Command%20lines).
import { basename, dirname } from 'node:path';
import type { DeployProblem, SystemdUnit, UnitIssue, UnitSetting } from './types.js';
import { EmbeddedText, FileText } from './text.js';

/** Keys that accumulate; an empty assignment clears what came before. */
const LIST_KEYS = new Set([
  'ExecStart',
  'ExecStartPre',
  'ExecStartPost',
  'ExecReload',
  'ExecStop',
  'ExecStopPost',
  'ExecCondition',
  'Environment',
  'EnvironmentFile',
  'RuntimeDirectory',
  'StateDirectory',
  'CacheDirectory',
  'LogsDirectory',
  'ConfigurationDirectory',
]);

const texts = new WeakMap<UnitSetting, EmbeddedText>();

/** The value of a setting as a text whose offsets map into its file. */
export function settingText(setting: UnitSetting): EmbeddedText {
  const text = texts.get(setting);

  if (!text) throw new Error(`no text kept for ${setting.key}=`);

  return text;
}

export interface ParsedUnitFile {
  settings: UnitSetting[];
  problems: DeployProblem[];
}

/** Reads one unit or drop-in file. Lines systemd would skip are reported, not fatal. */
export function parseUnitFile(file: FileText): ParsedUnitFile {
  const { text } = file;
  const settings: UnitSetting[] = [];
  const problems: DeployProblem[] = [];
  let section: string | undefined;
  let at = 0;

  while (at < text.length) {
    const lineStart = at;
    const eol = lineEnd(text, at);

    at = eol + 1;

    const first = skipBlanks(text, lineStart, eol);

    if (first >= eol || text[first] === '#' || text[first] === ';') continue;

    if (text[first] === '[') {
      const close = text.indexOf(']', first);

      if (close < 0 || close > eol) {
        problems.push(problem(file, first, eol, 'invalid section header'));
        section = undefined;
        continue;
      }

      section = text.slice(first + 1, close);
      continue;
    }

    // Join continuation lines: a trailing backslash becomes a space; comment lines inside the
    // continuation are dropped, as systemd does.
    const chars: string[] = [];
    const offsets: number[] = [];
    let from = first;
    let to = eol;

    for (;;) {
      const end = trimEnd(text, from, to);
      const continued = end > from && text[end - 1] === '\\';

      for (let i = from; i < (continued ? end - 1 : end); i++) {
        chars.push(text[i]);
        offsets.push(i);
      }

      if (!continued || at >= text.length) break;

      chars.push(' ');
      offsets.push(end - 1);

      let next = at;

      for (;;) {
        const nextEol = lineEnd(text, next);
        const nextFirst = skipBlanks(text, next, nextEol);

        at = nextEol + 1;

        if (text[nextFirst] === '#' || text[nextFirst] === ';') {
          next = at;
          if (next >= text.length) break;
          continue;
        }

        from = next;
        to = nextEol;
        break;
      }

      if (from !== next) break;
    }

    const logical = chars.join('');
    const equals = logical.indexOf('=');
    const endOffset = (offsets[offsets.length - 1] ?? first) + 1;

    if (equals < 0) {
      problems.push(problem(file, first, endOffset, 'line has no "=", systemd ignores it'));
      continue;
    }

    if (section === undefined) {
      problems.push(problem(file, first, endOffset, 'assignment outside of any section'));
      continue;
    }

    const key = logical.slice(0, equals).trim();
    let valueStart = equals + 1;

    while (valueStart < logical.length && /\s/.test(logical[valueStart])) valueStart++;

    const value = logical.slice(valueStart);
    const valueOffsets = offsets.slice(valueStart);

    valueOffsets.push(endOffset);

    const setting: UnitSetting = {
      section,
      key,
      value,
      location: file.location(first, endOffset),
      valueLocation: file.location(valueOffsets[0], endOffset),
      file: file.file,
    };

    texts.set(setting, new EmbeddedText(file, value, valueOffsets));
    settings.push(setting);
  }

  return { settings, problems };
}

/** Applies drop-ins over a unit: list keys accumulate (empty clears), other keys override. */
export function mergeUnit(
  path: string,
  unit: UnitSetting[],
  dropins: Array<{ path: string; settings: UnitSetting[] }>,
): SystemdUnit {
  const ordered = [...dropins].sort((a, b) => basename(a.path).localeCompare(basename(b.path)));
  let settings: UnitSetting[] = [];

  for (const setting of [unit, ...ordered.map((d) => d.settings)].flat()) {
    if (LIST_KEYS.has(setting.key) && setting.value === '') {
      settings = settings.filter((s) => !(s.key === setting.key && s.section === setting.section));
      continue;
    }

    settings.push(setting);
  }

  return { path, name: basename(path), dropins: ordered.map((d) => d.path), settings };
}

/** The folder name that holds drop-ins for a unit: `app.service.d`. */
export function dropinFolderFor(unitPath: string): string {
  return `${basename(unitPath)}.d`;
}

export function isDropinOf(dropinPath: string, unitPath: string): boolean {
  return basename(dirname(dropinPath)) === dropinFolderFor(unitPath);
}

/** The last value of a single-valued key in a section, as systemd keeps it. */
export function lastSetting(
  unit: SystemdUnit,
  key: string,
  section = 'Service',
): UnitSetting | undefined {
  const all = allSettings(unit, key, section);

  return all[all.length - 1];
}

export function allSettings(unit: SystemdUnit, key: string, section = 'Service'): UnitSetting[] {
  return unit.settings.filter((s) => s.key === key && s.section === section);
}

const KNOWN_VALUES: Record<string, string[]> = {
  Type: ['simple', 'exec', 'forking', 'oneshot', 'dbus', 'notify', 'notify-reload', 'idle'],
  Restart: ['no', 'on-success', 'on-failure', 'on-abnormal', 'on-watchdog', 'on-abort', 'always'],
  KillMode: ['control-group', 'process', 'mixed', 'none'],
};

const DIRECTORY_KEYS = [
  'RuntimeDirectory',
  'StateDirectory',
  'CacheDirectory',
  'LogsDirectory',
  'ConfigurationDirectory',
];

/**
 * Specifiers that systemd expands to an absolute path (systemd.unit(5), "Specifiers"): the
 * cache, credentials, data, config, log, state, runtime and temporary folders, the unescaped
 * file name, the home folder, the shell and the unit file's own path and folder.
 */
const ABSOLUTE_SPECIFIERS = new Set([...'CdDEfhLsStTVyY']);
/**
 * Instance and prefix names: empty in a unit that is no template (`%i/x` is `/x`), and
 * `-srv-app` unescapes to `/srv/app`.
 */
const MAYBE_ABSOLUTE_SPECIFIERS = new Set([...'iIP']);

export interface UnitPath {
  /** The path with `%%` unescaped. */
  path: string;
  /** Absolute once systemd has expanded its specifiers. */
  absolute: boolean;
  /** Absolute, or may be for some instance of a template unit (`%I`). */
  mayBeAbsolute: boolean;
  /** The first specifier in it other than `%%` (`%h`): the path is known only on the server. */
  specifier?: string;
}

/** A path setting as systemd reads it: specifiers are expanded before it checks the path. */
export function unitPath(value: string): UnitPath {
  const specifier = /%[^%]|%$/.exec(value.replace(/%%/g, ''))?.[0];
  const path = specifier ? value : value.replace(/%%/g, '%');
  const first = value.startsWith('%') && !value.startsWith('%%') ? value[1] : '';
  const absolute = path.startsWith('/') || ABSOLUTE_SPECIFIERS.has(first);

  return {
    path,
    absolute,
    mayBeAbsolute: absolute || MAYBE_ABSOLUTE_SPECIFIERS.has(first),
    specifier,
  };
}

/** Settings systemd ignores or refuses, as `systemd-analyze verify` reports them. */
// Not checked: unknown keys (there is no table of systemd's keys here).
export function checkUnit(unit: SystemdUnit): UnitIssue[] {
  const issues: UnitIssue[] = [];

  for (const setting of unit.settings) {
    if (setting.section !== 'Service') continue;

    const { key, value, location } = setting;
    const known = KNOWN_VALUES[key];

    if (known && !known.includes(value)) {
      issues.push({ messageId: 'badValue', key, value, location });
    }

    if (DIRECTORY_KEYS.includes(key)) {
      for (const word of splitUnitWords(settingText(setting)).words) {
        if (unitPath(word.value).absolute) {
          issues.push({ messageId: 'absoluteDirectory', key, value: word.value, location });
        }
      }
    }

    if (key === 'EnvironmentFile') {
      const path = value.startsWith('-') ? value.slice(1) : value;

      if (!unitPath(path).mayBeAbsolute) {
        issues.push({ messageId: 'relativePath', key, value: path, location });
      }
    }

    if (key === 'Environment') {
      for (const word of splitUnitWords(settingText(setting)).words) {
        if (!isAssignment(word.value)) {
          issues.push({ messageId: 'badEnvironment', key, value: word.value, location });
        }
      }
    }
  }

  const starts = allSettings(unit, 'ExecStart');
  const type = lastSetting(unit, 'Type')?.value ?? 'simple';

  if (starts.length > 1 && type !== 'oneshot') {
    const second = starts[1];

    issues.push({
      messageId: 'manyExecStart',
      key: 'ExecStart',
      value: type,
      location: second.location,
    });
  }

  return issues;
}

/** `NAME=value` with a name systemd accepts. */
export function isAssignment(word: string): boolean {
  const equals = word.indexOf('=');

  return equals > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word.slice(0, equals));
}

export interface UnitWord {
  value: string;
  start: number;
  end: number;
  /** Where each character of value sits in the text. */
  offsets: number[];
}

/**
 * Splits a value into words the way systemd does for command lines and lists: whitespace
 * separates, single and double quotes group (also inside a word), and backslash escapes
 * follow C. An unterminated quote is an error, as systemd refuses such a line.
 */
export function splitUnitWords(text: EmbeddedText | { text: string }): {
  words: UnitWord[];
  error?: { offset: number; message: string };
} {
  const source = text.text;
  const words: UnitWord[] = [];
  let i = 0;

  while (i < source.length) {
    while (i < source.length && /\s/.test(source[i])) i++;

    if (i >= source.length) break;

    const start = i;
    const offsets: number[] = [];
    let value = '';
    let quote: string | undefined;

    while (i < source.length) {
      const c = source[i];

      if (!quote && /\s/.test(c)) break;

      if (!quote && (c === '"' || c === "'")) {
        quote = c;
        i++;
        continue;
      }

      if (quote && c === quote) {
        quote = undefined;
        i++;
        continue;
      }

      if (c === '\\' && i + 1 < source.length) {
        const [decoded, length] = unescapeC(source, i + 1);

        value += decoded;
        offsets.push(i);
        i += 1 + length;
        continue;
      }

      value += c;
      offsets.push(i);
      i++;
    }

    if (quote) return { words, error: { offset: start, message: `unterminated ${quote} quote` } };

    words.push({ value, start, end: i, offsets });
  }

  return { words };
}

function unescapeC(source: string, at: number): [string, number] {
  const c = source[at];
  const simple: Record<string, string> = {
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
    s: ' ',
  };

  if (simple[c] !== undefined) return [simple[c], 1];

  if (c === 'x' && /^[0-9a-fA-F]{2}$/.test(source.slice(at + 1, at + 3))) {
    return [String.fromCharCode(parseInt(source.slice(at + 1, at + 3), 16)), 3];
  }

  return [c, 1];
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);

  return newline < 0 ? text.length : newline;
}

function skipBlanks(text: string, from: number, to: number): number {
  let i = from;

  while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;

  return i;
}

function trimEnd(text: string, from: number, to: number): number {
  let end = to;

  while (end > from && /\s/.test(text[end - 1])) end--;

  return end;
}

function problem(file: FileText, start: number, end: number, message: string): DeployProblem {
  return { kind: 'parse', message, location: file.location(start, end), fileKind: 'systemd-unit' };
}
