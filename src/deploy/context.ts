// State shared by the readers of one deployment: the tree, caches of parsed files, the path
// resolver and the problems found on the way.
import { relative, sep } from 'node:path';
import type { FileSystem } from '../include/fs.js';
import { firstSyntaxError, type Node, type Parser, type Tree } from './grammar.js';
import type { PathResolver } from './paths.js';
import { parseDotenv, parseSystemdEnv } from './envfile.js';
import { readPythonModule } from './python.js';
import { FileText, decodeText, type TextMap } from './text.js';
import type {
  DeployFileKind,
  DeployProblem,
  EntryPoint,
  EnvDialect,
  EnvFileRead,
  EnvVar,
  Location,
  Origin,
  SystemdUnit,
} from './types.js';

/** A command-line word with where each of its characters is written. */
export interface RichWord {
  value: string;
  known: boolean;
  location: Location;
  /** Host-file offset of each character of value (for `bash -c` strings). */
  offsets: number[];
  text: TextMap;
}

export interface DeployContext {
  root: string;
  fs: FileSystem;
  paths: PathResolver;
  bash?: Parser;
  python?: Parser;
  kinds: Map<string, DeployFileKind>;
  problems: DeployProblem[];
  units: SystemdUnit[];
  texts: Map<string, FileText | undefined>;
  scripts: Map<string, { text: FileText; tree: Tree } | undefined>;
  modules: Map<string, EntryPoint | undefined>;
  envFiles: Map<string, EnvFileRead>;
}

/** A path as messages show it: relative to the root, with forward slashes. */
export function showPath(context: DeployContext, path: string): string {
  return relative(context.root, path).split(sep).join('/') || path;
}

/** `file:line` of a location, root-relative. */
export function showAt(context: DeployContext, location: Location): string {
  return `${showPath(context, location.file)}:${location.line}`;
}

/** Reads a tree file as text once; undefined (with a problem) when it cannot be read. */
export function readText(context: DeployContext, path: string): FileText | undefined {
  if (context.texts.has(path)) return context.texts.get(path);

  let text: FileText | undefined;

  try {
    text = new FileText(path, decodeText(context.fs.readFile(path)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';

    context.problems.push({
      kind: 'unreadable',
      message: `cannot read "${showPath(context, path)}" (${code})`,
      location: { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 },
    });
  }

  context.texts.set(path, text);

  return text;
}

/** A script's syntax tree, parsed once; a syntax error is recorded once. */
export function readScript(
  context: DeployContext,
  path: string,
): { text: FileText; tree: Tree } | undefined {
  if (context.scripts.has(path)) return context.scripts.get(path);

  const text = readText(context, path);
  const tree = text && context.bash?.parse(text.text);
  const script = text && tree ? { text, tree } : undefined;

  context.scripts.set(path, script);

  if (script) {
    const error = firstSyntaxError(script.tree.rootNode);

    if (error) context.problems.push(shellProblem(script.text, error));
  }

  return script;
}

/** Records a syntax error of a shell text (a script, or a command string in another file). */
export function shellProblem(text: TextMap, error: Node): DeployProblem {
  return {
    kind: 'parse',
    // Never the text itself: a broken line may hold a secret.
    message: error.isMissing ? `missing "${error.type}"` : 'shell syntax error',
    location: text.location(error.startIndex, Math.max(error.endIndex, error.startIndex + 1)),
    fileKind: 'shell',
  };
}

/** A Python module of the tree (entry point or gunicorn.conf.py), parsed once. */
export function readModule(context: DeployContext, path: string): EntryPoint | undefined {
  if (context.modules.has(path)) return context.modules.get(path);

  const text = readText(context, path);
  let entry: EntryPoint | undefined;

  if (text && context.python) {
    const read = readPythonModule(context.python, text);

    context.problems.push(...read.problems);
    entry = read.entry;
  }

  context.modules.set(path, entry);

  return entry;
}

/** An env file read with its consumer's rules, once per (file, dialect). */
export function readEnvFile(
  context: DeployContext,
  path: string,
  dialect: Exclude<EnvDialect, 'shell'>,
): EnvFileRead | undefined {
  const key = `${dialect}:${path}`;
  const known = context.envFiles.get(key);

  if (known) return known;

  const text = readText(context, path);

  if (!text) return undefined;

  const read: EnvFileRead = { path, dialect, entries: [] };

  if (dialect === 'systemd') read.entries = parseSystemdEnv(text).entries;
  else {
    const parsed = parseDotenv(text);

    read.entries = parsed.entries;
    context.problems.push(...parsed.problems);
  }

  context.envFiles.set(key, read);

  return read;
}

/** An origin for a value written at a location. */
export function originAt(
  context: DeployContext,
  what: string,
  location: Location,
  extra: Partial<Origin> = {},
): Origin {
  return { label: `${what} in ${showAt(context, location)}`, name: what, location, effective: true, ...extra };
}

/** An exported variable; value undefined when not known statically. */
export function exported(name: string, value: string | undefined, origin: Origin): EnvVar {
  return { name, value, exported: true, origin };
}

/** A copy of an environment. */
export function cloneEnv(env: Map<string, EnvVar>): Map<string, EnvVar> {
  return new Map([...env].map(([k, v]) => [k, { ...v }]));
}
