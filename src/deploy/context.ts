// State shared by the readers of one deployment: the tree, caches of parsed files, the path
// resolver and the problems found on the way.
import { relative, sep } from 'node:path';
import type { FileSystem } from '../include/fs.js';
import { isOutsideRootError } from '../security/root-guard.js';
import {
  firstSyntaxError,
  nodeBelowDepth,
  renewParser,
  type GrammarName,
  type Node,
  type Parser,
  type Tree,
} from './grammar.js';
import { MAX_TREE_DEPTH, pythonNestingError } from './limits.js';
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
  /** Variables systemd expanded into it (`${PORT}` in ExecStart=): they reach the server. */
  expanded?: EnvVar[];
}

export interface DeployContext {
  root: string;
  fs: FileSystem;
  paths: PathResolver;
  bash?: Parser;
  python?: Parser;
  kinds: Map<string, DeployFileKind>;
  /** Links of the tree that lead outside the root: a lookup finds them, a read is NGX008. */
  outside: Set<string>;
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
    const outside = isOutsideRootError(error);

    context.problems.push({
      kind: outside ? 'outside-root' : 'unreadable',
      message: outside
        ? `"${showPath(context, path)}" leads outside the root, not read (--allow-outside-root reads it)`
        : `cannot read "${showPath(context, path)}" (${code})`,
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
  const tree = text && parseText(context, 'bash', text);
  const script = text && tree ? { text, tree } : undefined;

  context.scripts.set(path, script);

  if (script) {
    const error = firstSyntaxError(script.tree.rootNode);

    if (error) context.problems.push(shellProblem(script.text, error));
  }

  return script;
}

/**
 * Parses a text with a grammar. A tree too deep for the readers to walk, a module CPython
 * refuses for its nesting, or a fault inside the WebAssembly parser is a problem at its place
 * in the file, and no tree: the file is not read further.
 */
export function parseText(
  context: DeployContext,
  grammar: GrammarName,
  text: TextMap,
): Tree | undefined {
  const parser = context[grammar];
  // An env file read by `source` is parsed as shell, but it is reported as the env file it is.
  const fileKind =
    context.kinds.get(text.file) === 'env' ? 'env' : grammar === 'bash' ? 'shell' : 'python';
  const fail = (start: number, end: number, message: string) => {
    context.problems.push({
      kind: 'parse',
      message,
      location: text.location(start, end),
      fileKind,
    });

    return undefined;
  };

  if (!parser) return undefined;

  const nesting = grammar === 'python' ? pythonNestingError(text.text) : undefined;

  if (nesting)
    return fail(nesting.start, Math.max(nesting.end, nesting.start + 1), nesting.message);

  let tree: Tree | null;

  try {
    tree = parser.parse(text.text);
  } catch (error) {
    // Every parser shares the WebAssembly memory the fault may have left broken: renew both.
    for (const name of ['bash', 'python'] as const) {
      if (context[name]) context[name] = renewParser(name, context[name]);
    }

    return fail(0, firstLineEnd(text.text), `the parser failed (${describe(error)})`);
  }

  if (!tree) return undefined;

  const deep = nodeBelowDepth(tree, MAX_TREE_DEPTH);

  if (deep) {
    const start = deep.startIndex;
    const end = deep.firstChild ? firstLeaf(deep).endIndex : deep.endIndex;

    tree.delete();

    return fail(
      start,
      Math.max(end, start + 1),
      `nested deeper than ${MAX_TREE_DEPTH} levels, not read further`,
    );
  }

  return tree;
}

function firstLeaf(node: Node): Node {
  let leaf = node;

  while (leaf.firstChild) leaf = leaf.firstChild;

  return leaf;
}

function firstLineEnd(text: string): number {
  const newline = text.indexOf('\n');

  return Math.max(1, newline < 0 ? text.length : newline);
}

/** An error's message for a finding: its first line, short (never file content). */
export function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n', 1)[0];

  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/**
 * Runs one file's reader; whatever it throws becomes a problem in that file and the rest of
 * the deployment is still read. The readers limit their own depth: this is the last defence.
 */
export function guard<T>(context: DeployContext, path: string, fallback: T, read: () => T): T {
  try {
    return read();
  } catch (error) {
    context.problems.push({
      kind: 'parse',
      message: `not read: ${describe(error)}`,
      location: { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 },
      fileKind: context.kinds.get(path),
    });

    return fallback;
  }
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
  const tree = text && parseText(context, 'python', text);
  let entry: EntryPoint | undefined;

  if (text && tree) {
    const read = readPythonModule(tree, text);

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
  return {
    label: `${what} in ${showAt(context, location)}`,
    name: what,
    location,
    effective: true,
    ...extra,
  };
}

/** An exported variable; value undefined when not known statically. */
export function exported(name: string, value: string | undefined, origin: Origin): EnvVar {
  return { name, value, exported: true, origin };
}

/** A copy of an environment. */
export function cloneEnv(env: Map<string, EnvVar>): Map<string, EnvVar> {
  return new Map([...env].map(([k, v]) => [k, { ...v }]));
}
