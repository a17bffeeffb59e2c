// crossplane's JSON payload (`crossplane parse`), built from the tree. Where crossplane's
// conventions differ from the tree the payload follows crossplane; docs/crossplane-payload.md
// lists each difference.
import { isAbsolute } from 'node:path';
import type { Arg, Directive, ParseError, ParsedConfig, ParsedFile } from '../syntax/tree.js';
import { replaceInvalid } from '../syntax/utf8.js';
import { tokenize } from '../syntax/lexer.js';
import { crossplaneArgs, sourceReader, type CharAfter } from './dollar-brace.js';
import {
  readSteps,
  tokenSteps,
  treeSteps,
  UnfollowedError,
  type Reading,
  type Step,
} from './steps.js';

export interface PayloadError {
  file?: string;
  error: string;
  line: number | null;
}

export interface PayloadDirective {
  file?: string;
  directive: string;
  line: number;
  args: string[];
  includes?: number[];
  block?: PayloadDirective[];
  comment?: string;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface PayloadConfig {
  file: string;
  status: 'ok' | 'failed';
  errors: PayloadError[];
  parsed: PayloadDirective[];
}

export interface Payload {
  status: 'ok' | 'failed';
  errors: PayloadError[];
  config: PayloadConfig[];
}

/** What a directive table says about one directive (the seam for crossplane's analyzer). */
export interface AnalyzerVerdict {
  /** nginx's wording, e.g. `"listen" directive is not allowed here`. */
  message: string;
}

/** Checks one directive in its context; returns a verdict to drop it with an error. */
export type Analyzer = (
  directive: Directive,
  context: string[],
  options: { strict: boolean; terminator: ';' | '{' },
) => AnalyzerVerdict | null;

export interface PayloadOptions {
  /** The entry path as the user gave it: files are shown as crossplane shows them. */
  entry?: string;
  /** The prefix as the user gave it (`--prefix`); default: the entry's folder. */
  prefix?: string;
  singleFile?: boolean;
  includeComments?: boolean;
  combine?: boolean;
  ignore?: string[];
  strict?: boolean;
  /** Add column, endLine and endColumn to each directive. */
  positions?: boolean;
  analyze?: Analyzer;
  /** The bytes of a file, to copy crossplane's `${…}` quirk exactly (else a space is assumed). */
  source?: (path: string) => Buffer | undefined;
  /** Keep undecodable bytes and CRs as the tree has them (for `format`), unlike crossplane. */
  lossless?: boolean;
}

/** Python's os.path.dirname and os.path.join, which crossplane builds its paths with. */
function pyDirname(path: string): string {
  const slash = path.lastIndexOf('/');

  if (slash < 0) return '';

  const head = path.slice(0, slash + 1);

  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
}

function pyJoin(dir: string, name: string): string {
  if (isAbsolute(name) || dir === '') return name;

  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** An argument as crossplane's lexer yields it: escapes left as written, except `\` + quote. */
export function crossplaneText(arg: Pick<Arg, 'raw' | 'quote'>, lossless = false): string {
  let text = arg.raw;

  if (arg.quote) {
    const inner = text.slice(1, -1);
    let out = '';
    let run = 0;

    for (let i = 0; i < inner.length - 1; i++) {
      if (inner[i] !== '\\') continue;

      if (inner[i + 1] === arg.quote) {
        out += inner.slice(run, i) + arg.quote;
        run = i + 2;
      }

      i++;
    }

    text = out + inner.slice(run);
  }

  if (lossless) return text;

  // crossplane reads with universal newlines and replaces undecodable bytes.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');

  return replaceInvalid(text);
}

/** crossplane strips the parentheses around an `if` condition. */
function stripIfParens(args: string[]): string[] {
  if (args.length === 0 || !args[0].startsWith('(') || !args[args.length - 1].endsWith(')')) {
    return args;
  }

  const out = [...args];

  out[0] = out[0].slice(1).trimStart();
  out[out.length - 1] = out[out.length - 1].slice(0, -1).trimEnd();

  const start = out[0] === '' ? 1 : 0;
  const end = out.length - (out[out.length - 1] === '' ? 1 : 0);

  return out.slice(start, end);
}

/** crossplane gives up on a file at its first syntax error: its `parsed` is then empty. */
function fatalError(file: ParsedFile): ParseError | undefined {
  return file.errors.find((e) => e.kind === 'syntax' || e.kind === 'limit');
}

function before(a: { line: number; column: number }, b: { line: number; column: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

export function buildPayload(config: ParsedConfig, options: PayloadOptions = {}): Payload {
  const ignore = new Set(options.ignore ?? []);
  const entryFile = config.files[0];
  const entryShown = options.entry ?? entryFile?.includePath ?? entryFile?.path ?? '';
  const prefixShown = options.prefix ?? pyDirname(entryShown);
  const show = (index: number): string => {
    const file = config.files[index];

    if (index === 0) return entryShown;

    const spelled = file.includePath ?? file.path;

    return pyJoin(prefixShown, spelled);
  };

  // The files crossplane lists: the entry, then each file in the order its parser reaches it.
  const order: number[] = [0];
  const position = new Map<number, number>([[0, 0]]);
  const contexts = new Map<number, string[]>([[0, config.entryContext]]);
  const payload: Payload = { status: 'ok', errors: [], config: [] };

  for (let k = 0; k < order.length; k++) {
    const index = order[k];
    const file = config.files[index];
    const shown = show(index);
    const entry: PayloadConfig = { file: shown, status: 'ok', errors: [], parsed: [] };
    const fatal = fatalError(file);
    const addError = (message: string, line: number | null): void => {
      const error = line === null ? message : `${message} in ${shown}:${line}`;

      entry.status = 'failed';
      entry.errors.push({ error, line });
      payload.status = 'failed';
      payload.errors.push({ file: shown, error, line });
    };
    const includeErrors = new Map<Directive, ParseError[]>();

    // An include's errors come when the reading reaches it; crossplane lists a file once and
    // reads on, so a cycle is no error to it.
    for (const error of file.errors) {
      if (error === fatal || error.kind === 'syntax' || error.kind === 'limit') continue;
      if (error.kind === 'include' && error.message.startsWith('include cycle')) continue;
      if (fatal && !before(error, fatal)) continue;

      if (!error.include) addError(error.message, error.line);
      else includeErrors.set(error.include, [...(includeErrors.get(error.include) ?? []), error]);
    }

    const charAfter = sourceReader(file.path, options.source);
    const read = (steps: Iterator<Step>, tokens: boolean): Reading =>
      readSteps(steps, contexts.get(index) ?? [], {
        ignore,
        analyze: (node, ctx, terminator) =>
          options.analyze?.(node, ctx, { strict: options.strict ?? false, terminator })?.message,
        statement: (node) => statementOf(node, shown, charAfter, options),
        comment: (line, text) => commentStmt(line, text, options.lossless),
        includeComments: options.includeComments ?? false,
        // Tokens carry no include targets: such a file keeps the tree's reading.
        include: options.singleFile
          ? undefined
          : (node) => (tokens ? undefined : (includeErrors.get(node) ?? [])),
      });

    // A syntax error ends crossplane's reading of a file there, and its `parsed` stays empty.
    const byTokens = fatal && readByTokens(file, fatal, options, (steps) => read(steps, true));
    const reading = byTokens || read(treeSteps(file.nodes, fatal), false);

    for (const error of reading.errors) addError(error.message, error.line);

    // Files are listed in the order crossplane's parser first reaches them.
    for (const { stmt, node, ctx } of reading.includes) {
      for (const target of node.includes ?? []) {
        if (position.has(target)) continue;

        position.set(target, order.length);
        contexts.set(target, ctx);
        order.push(target);
      }

      stmt.includes = (node.includes ?? []).map((t) => position.get(t) as number);
    }

    if (fatal && !byTokens) addError(fatal.message, crossplaneLine(file, fatal));
    else entry.parsed = reading.parsed;

    payload.config.push(entry);
  }

  return options.combine ? combine(payload) : payload;
}

function statementOf(
  node: Directive,
  shown: string,
  charAfter: CharAfter,
  options: PayloadOptions,
): PayloadDirective {
  const args = crossplaneArgs(node, charAfter, options.lossless);
  const name = options.lossless ? node.name : replaceInvalid(node.name);
  const stmt: PayloadDirective = options.combine
    ? { file: shown, directive: name, line: node.line, args }
    : { directive: name, line: node.line, args };

  if (node.name === 'if') stmt.args = stripIfParens(args);

  if (options.positions) {
    stmt.column = node.column;
    stmt.endLine = node.endLine;
    stmt.endColumn = node.endColumn;
  }

  return stmt;
}

/**
 * The tree's parser stops at `listen {{PORT}} default;` with `unexpected "{"` at the second
 * `{`; nginx and crossplane stop earlier, at `listen`, which is not a block. crossplane then
 * skips the braces and reads on, so its payload is read from the tokens when the analyzer
 * rejects a directive before the parser's error. Elsewhere the parser's error (nginx's) stands.
 */
function readByTokens(
  file: ParsedFile,
  fatal: ParseError,
  options: PayloadOptions,
  read: (steps: Iterator<Step>) => Reading,
): Reading | undefined {
  if (fatal.message !== 'unexpected "{"' || !options.analyze) return undefined;

  const bytes = options.source?.(file.path);

  if (!bytes) return undefined;

  let failed = false;
  // The lexer's `unexpected "{"` is nginx's, which crossplane's lexer does not share.
  const tokens = tokenize(bytes, { onError: (e) => (failed ||= e.message !== 'unexpected "{"') });

  if (failed) return undefined;

  try {
    const reading = read(tokenSteps(tokens, file.path).values());
    const first = reading.errors[0];

    return first && before(first, fatal) ? reading : undefined;
  } catch (error) {
    if (error instanceof UnfollowedError) return undefined;
    throw error;
  }
}

/** crossplane puts `unexpected end of file, expecting "}"` on the file's last token. */
function crossplaneLine(file: ParsedFile, error: ParseError): number {
  const last = file.nodes[file.nodes.length - 1];

  if (error.message !== 'unexpected end of file, expecting "}"') return error.line;
  if (!last || last.kind !== 'directive' || !last.block) return error.line;

  return last.endLine;
}

/**
 * A comment as crossplane reads it: its lexer pairs a backslash with the next character, so a
 * comment ending in an odd run of backslashes loses the last one to the newline.
 */
export function crossplaneComment(text: string, lossless = false): string {
  const run = /\\+$/.exec(text)?.[0].length ?? 0;
  const kept = run % 2 === 1 ? text.slice(0, -1) : text;

  return lossless ? kept : replaceInvalid(kept);
}

function commentStmt(line: number, text: string, lossless = false): PayloadDirective {
  return { directive: '#', line, args: [], comment: crossplaneComment(text, lossless) };
}

/** `--combine`: one config whose includes are replaced by what they include. */
function combine(payload: Payload): Payload {
  const configs = payload.config;

  // Statements go straight into the array they end in: copying each file's result into its
  // includer's would cost include depth × size, and a spread push overflows the stack.
  const expandInto = (
    stmts: PayloadDirective[],
    out: PayloadDirective[],
    open: Set<number>,
  ): void => {
    for (const stmt of stmts) {
      if (stmt.includes) {
        for (const index of stmt.includes) {
          if (open.has(index)) continue;

          open.add(index);
          expandInto(configs[index].parsed, out, open);
          open.delete(index);
        }

        continue;
      }

      if (!stmt.block) {
        out.push(stmt);
        continue;
      }

      // A copy: a file included twice is expanded in each place with that place's open set.
      const block: PayloadDirective[] = [];

      expandInto(stmt.block, block, open);
      out.push({ ...stmt, block });
    }
  };
  const parsed: PayloadDirective[] = [];

  expandInto(configs[0].parsed, parsed, new Set([0]));

  const first = configs[0];
  const merged: PayloadConfig = {
    file: first.file,
    status: configs.some((c) => c.status === 'failed') ? 'failed' : 'ok',
    errors: configs.flatMap((c) => c.errors),
    parsed,
  };

  return { status: payload.status, errors: payload.errors, config: [merged] };
}
