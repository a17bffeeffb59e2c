// Loads a whole tree: the entry file, then each file its includes reach, breadth first (the
// order crossplane lists them in), each file read and parsed once however often it is
// included; the walk visits it in every place that includes it. Include failures are errors at
// the include, worded as nginx words them; an include that closes a cycle is an error too.
import { dirname, resolve } from 'node:path';
import { diskFileSystem, type FileSystem } from '../include/fs.js';
import { expandInclude, readConfigFile } from '../include/resolve.js';
import { escapeControl } from '../security/escape.js';
import { DEFAULT_MAX_DEPTH, parseBytes, type FileParse } from './parser.js';
import {
  nameRangeOf,
  type Directive,
  type ParseError,
  type ParsedConfig,
  type ParsedFile,
} from './tree.js';

export interface ParseOptions {
  /** Where files are read from (default: the disk). */
  fs?: FileSystem;
  /** The folder relative includes resolve against (default: the entry file's folder). */
  prefix?: string;
  /** Block names the entry is read inside: [] for main, ['http'] for a site. */
  entryContext?: string[];
  /** Read only the entry file; includes are left unresolved. */
  singleFile?: boolean;
  /** The entry's text when the entry path is `-`. */
  stdin?: { text: string | Buffer; filename: string };
  /** Most nested blocks and include levels kept (default 200). */
  maxDepth?: number;
}

interface Loaded {
  file: ParsedFile;
  parse: FileParse | null;
  bytes: Buffer | null;
  context: string[];
  /** Blocks and include levels around this file. */
  depth: number;
  /** Include levels alone. */
  includes: number;
}

function toBuffer(text: string | Buffer): Buffer {
  return typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
}

/** Parses the tree that starts at entryPath (`-` with options.stdin for standard input). */
export function parseConfig(entryPath: string, options: ParseOptions = {}): ParsedConfig {
  const fs = options.fs ?? diskFileSystem;
  const fromStdin = entryPath === '-';
  const given = fromStdin ? (options.stdin?.filename ?? 'stdin') : entryPath;
  const entryAbs = resolve(given);
  const prefix = resolve(options.prefix ?? dirname(entryAbs));
  const entryContext = options.entryContext ?? [];
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const entry: Loaded = {
    file: { path: entryAbs, nodes: [], errors: [], includePath: given },
    parse: null,
    bytes: null,
    context: entryContext,
    depth: 0,
    includes: 0,
  };

  if (fromStdin) entry.bytes = toBuffer(options.stdin?.text ?? '');
  else {
    const read = readConfigFile(fs, entryAbs, given);

    if ('problem' in read) {
      entry.file.errors.push({ ...read.problem, file: entryAbs, line: 1, column: 1 });
    } else entry.bytes = read.bytes;
  }

  const loaded: Loaded[] = [entry];
  const index = new Map<string, number>([[entryAbs, 0]]);

  for (let i = 0; i < loaded.length; i++) {
    const item = loaded[i];

    if (item.bytes === null) continue;

    item.parse = parseBytes(item.bytes, item.file.path, {
      context: item.context,
      maxDepth,
      depthOffset: item.depth,
    });
    item.bytes = null;
    item.file.nodes = item.parse.nodes;
    item.file.errors.push(...item.parse.errors);
    if (item.parse.invalidUtf8) item.file.invalidUtf8 = true;

    if (options.singleFile) continue;

    for (const { directive, context } of item.parse.includes) {
      // The include's own level plus the blocks opened around it in this file (the context
      // already holds those of the files above, which item.depth counts).
      const depth = item.depth + 1 + context.length - item.context.length;
      const includes = item.includes + 1;

      if (depth > maxDepth) {
        const message = `include nested ${depth} levels deep (${includes} includes, ${depth - includes} blocks), deeper than the limit of ${maxDepth}`;

        item.file.errors.push(errorAt(directive, 'limit', message));
        continue;
      }

      directive.includes = [];

      for (const match of expandInclude(fs, prefix, directive.args[0].value)) {
        const known = index.get(match.path);

        if (known !== undefined) {
          directive.includes.push(known);
          continue;
        }

        const read = readConfigFile(fs, match.path, match.spelled);

        if ('problem' in read) {
          item.file.errors.push(errorAt(directive, read.problem.kind, read.problem.message));
          continue;
        }

        index.set(match.path, loaded.length);
        directive.includes.push(loaded.length);
        loaded.push({
          file: {
            path: match.path,
            nodes: [],
            errors: [],
            includePath: relativeSpelling(directive.args[0].value, match.spelled, prefix),
          },
          parse: null,
          bytes: read.bytes,
          context,
          depth,
          includes,
        });
      }
    }
  }

  if (!options.singleFile) reportCycles(loaded);

  const files = loaded.map((l) => l.file);

  for (const file of files) file.errors.sort(byPosition);

  return {
    files,
    errors: files.flatMap((f) => f.errors),
    prefix,
    entryContext,
  };
}

/** Parses one in-memory file; includes are followed only when options.fs is given. */
export function parseText(
  text: string | Buffer,
  filename: string,
  options: Omit<ParseOptions, 'stdin'> = {},
): ParsedConfig {
  return parseConfig('-', {
    ...options,
    singleFile: options.singleFile ?? options.fs === undefined,
    stdin: { text, filename },
  });
}

/** How the include spelled the match: relative to the prefix when the include was relative. */
function relativeSpelling(pattern: string, spelled: string, prefix: string): string {
  if (pattern.startsWith('/')) return spelled;

  const head = prefix.endsWith('/') ? prefix : `${prefix}/`;

  return spelled.startsWith(head) ? spelled.slice(head.length) : spelled;
}

function errorAt(directive: Directive, kind: ParseError['kind'], message: string): ParseError {
  const arg = directive.args[0] ?? nameRangeOf(directive);

  return {
    kind,
    message,
    file: directive.file,
    line: directive.line,
    column: arg.column,
    endLine: arg.endLine,
    endColumn: arg.endColumn,
    include: directive,
  };
}

function byPosition(a: ParseError, b: ParseError): number {
  return a.line - b.line || a.column - b.column;
}

/** An include that reaches a file still being read (depth first, in document order). */
function reportCycles(loaded: Loaded[]): void {
  const onStack = new Uint8Array(loaded.length);
  const done = new Uint8Array(loaded.length);
  const edgesOf = (file: number): Array<[Directive, number]> =>
    (loaded[file].parse?.includes ?? []).flatMap(({ directive }) =>
      (directive.includes ?? []).map((t): [Directive, number] => [directive, t]),
    );
  const stack = [{ file: 0, edges: edgesOf(0), next: 0 }];

  onStack[0] = 1;

  while (stack.length > 0) {
    const top = stack[stack.length - 1];

    if (top.next >= top.edges.length) {
      onStack[top.file] = 0;
      done[top.file] = 1;
      stack.pop();
      continue;
    }

    const [directive, target] = top.edges[top.next++];

    if (onStack[target]) {
      const shown = [directive.args[0].value, loaded[target].file.path].map(escapeControl);
      const message = `include cycle: "${shown[0]}" leads back to "${shown[1]}"`;

      loaded[top.file].file.errors.push(errorAt(directive, 'include', message));
    } else if (!done[target]) {
      onStack[target] = 1;
      stack.push({ file: target, edges: edgesOf(target), next: 0 });
    }
  }
}
