// The statement stream crossplane's parser pulls from: each directive with the token that ended
// it, comments, and the `}` that closes a block. crossplane reads a config as a flat token
// stream, so after rejecting a block directive it reads that block's body one level up (see
// the recovery in crossplane.ts); a stream, unlike the tree, lets the payload do the same.
import { unescape, type Token } from '../syntax/lexer.js';
import {
  nameRangeOf,
  rangeOf,
  type Comment,
  type Directive,
  type Node,
  type ParseError,
  type Range,
} from '../syntax/tree.js';
import type { PayloadDirective } from './crossplane.js';

export type Step =
  /** `}` ends a directive only in the token path (`a}` is one word to nginx, two to crossplane). */
  | { kind: 'directive'; node: Directive; terminator: '{' | ';' | '}' }
  | { kind: 'comment'; node: Comment }
  | { kind: 'close' }
  /** A `{` where a directive name belongs: crossplane skips it only while consuming a block. */
  | { kind: 'open' };

/** A stream the token path cannot follow as crossplane does: the caller keeps the tree. */
export class UnfollowedError extends Error {}

function startsBefore(a: Range, line: number, column: number): boolean {
  return a.line < line || (a.line === line && a.column < column);
}

/** Where a directive's terminator lies: its `;`, or for a block about where its `{` is. */
function headEnd(node: Directive): Range {
  if (!node.block) return node;

  return node.args.at(-1) ?? nameRangeOf(node);
}

/** The tree as crossplane's statements; `cut` ends the stream where crossplane's lexer failed. */
export function* treeSteps(
  nodes: Node[],
  cut?: { line: number; column: number },
): Generator<Step, boolean> {
  for (const node of nodes) {
    if (cut && !startsBefore(node, cut.line, cut.column)) return false;

    if (node.kind === 'comment') {
      yield { kind: 'comment', node };
      continue;
    }

    const head = headEnd(node);

    if (cut && !before(head.endLine, head.endColumn, cut)) return false;

    yield { kind: 'directive', node, terminator: node.block ? '{' : ';' };

    if (node.block) {
      if (!(yield* treeSteps(node.block, cut))) return false;
      if (cut && !before(node.endLine, node.endColumn, cut)) return false;

      yield { kind: 'close' };
    }
  }

  return true;
}

function before(line: number, column: number, cut: { line: number; column: number }): boolean {
  return line < cut.line || (line === cut.line && column <= cut.column);
}

function commentOf(token: Token): Comment {
  return { kind: 'comment', text: token.value, ...rangeOf(token) };
}

/** crossplane's lexer ends a bare word at `}` (outside `${…}`); nginx's reads on. */
function splitAtBraces(token: Token): Token[] {
  const raw = token.raw;

  if (token.kind !== 'word' || !raw.includes('}')) return [token];

  const out: Token[] = [];
  const piece = (from: number, to: number): Token => ({
    ...token,
    kind: raw[from] === '}' && to === from + 1 ? '}' : 'word',
    raw: raw.slice(from, to),
    value: unescape(raw.slice(from, to)),
    start: token.start + from,
    end: token.start + to,
    column: token.column + from,
    endLine: token.line,
    endColumn: token.column + to,
  });
  let from = 0;

  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') i++;
    else if (raw[i] === '$' && raw[i + 1] === '{') {
      const close = raw.indexOf('}', i);

      i = close < 0 ? raw.length : close;
    } else if (raw[i] === '}') {
      if (i > from) out.push(piece(from, i));
      out.push(piece(i, i + 1));
      from = i + 1;
    }
  }

  if (from < raw.length) out.push(piece(from, raw.length));

  return out;
}

/**
 * A file's tokens as crossplane's statements, for a file the tree cannot show as crossplane
 * reads it (`listen {{PORT}};`). Throws UnfollowedError on what the token path does not copy:
 * a Lua block, unbalanced braces.
 */
export function tokenSteps(lexed: Token[], file: string): Step[] {
  const tokens = lexed.flatMap(splitAtBraces);
  const steps: Step[] = [];
  let depth = 0;

  for (let k = 0; k < tokens.length; k++) {
    const first = tokens[k];

    if (first.kind === 'eof') break;
    if (first.kind === 'comment') {
      steps.push({ kind: 'comment', node: commentOf(first) });
      continue;
    }

    if (first.kind === '}' || first.kind === '{') {
      depth += first.kind === '{' ? 1 : -1;
      if (depth < 0) throw new UnfollowedError('unbalanced "}"');

      steps.push(first.kind === '{' ? { kind: 'open' } : { kind: 'close' });
      continue;
    }

    if (first.kind !== 'word' && first.kind !== 'string') throw new UnfollowedError(first.kind);

    const args: Token[] = [];
    const comments: Comment[] = [];
    let end: Token | undefined = tokens[++k];

    while (end && (end.kind === 'word' || end.kind === 'string' || end.kind === 'comment')) {
      if (end.kind === 'comment') comments.push(commentOf(end));
      else args.push(end);

      end = tokens[++k];
    }

    if (!end || (end.kind !== ';' && end.kind !== '{' && end.kind !== '}')) {
      throw new UnfollowedError(end?.kind ?? 'eof');
    }

    depth += end.kind === '{' ? 1 : end.kind === '}' ? -1 : 0;
    if (depth < 0) throw new UnfollowedError('unbalanced "}"');

    const node: Directive = {
      kind: 'directive',
      name: first.value,
      args,
      file,
      nameEndLine: first.endLine,
      nameEndColumn: first.endColumn,
      line: first.line,
      column: first.column,
      endLine: end.endLine,
      endColumn: end.endColumn,
      ...(end.kind === '{' ? { block: [] } : {}),
      ...(comments.length > 0 ? { innerComments: comments } : {}),
    };

    steps.push({ kind: 'directive', node, terminator: end.kind });
  }

  if (depth !== 0) throw new UnfollowedError('unbalanced "{"');

  return steps;
}

/** What crossplane's parser makes of one file: statements, errors, includes in reach order. */
export interface Reading {
  parsed: PayloadDirective[];
  errors: Array<{ message: string; line: number; column: number }>;
  includes: Array<{ stmt: PayloadDirective; node: Directive; ctx: string[] }>;
}

export interface ReadHooks {
  ignore: Set<string>;
  /** The analyzer's message when it rejects the directive. */
  analyze: (node: Directive, ctx: string[], terminator: '{' | ';') => string | undefined;
  statement: (node: Directive) => PayloadDirective;
  comment: (line: number, text: string) => PayloadDirective;
  includeComments: boolean;
  /** Includes are followed: the errors of an include directive; undefined when it cannot be. */
  include?: (node: Directive) => ParseError[] | undefined;
}

/** Reads a file's statements as crossplane's `_parse` pulls them from its token stream. */
export function readSteps(steps: Iterator<Step>, ctx: string[], hooks: ReadHooks): Reading {
  const reading: Reading = { parsed: [], errors: [], includes: [] };

  reading.parsed = readBlock(steps, ctx, false, hooks, reading);

  return reading;
}

// A rejected block directive loses its `{`, so its body is read at this level and its `}` ends
// this one (crossplane's recovery); a directive wrongly opened with `{` is skipped whole.
function readBlock(
  it: Iterator<Step>,
  ctx: string[],
  consume: boolean,
  hooks: ReadHooks,
  reading: Reading,
): PayloadDirective[] {
  const out: PayloadDirective[] = [];

  for (let next = it.next(); !next.done; next = it.next()) {
    const step = next.value;

    if (step.kind === 'close') break;

    const ends = step.kind === 'directive' ? step.terminator : step.kind;

    if (consume || (step.kind === 'directive' && hooks.ignore.has(step.node.name))) {
      if (ends === '{' || ends === 'open') readBlock(it, ctx, true, hooks, reading);
      // Skipping word by word, crossplane takes the `}` after `foo` for its block's end.
      else if (consume && ends === '}') break;

      continue;
    }

    if (step.kind === 'comment') {
      if (hooks.includeComments) out.push(hooks.comment(step.node.line, step.node.text));
      continue;
    }

    // Only the token path has these; there crossplane's own analyzer would decide.
    if (step.kind === 'open' || step.terminator === '}') throw new UnfollowedError(`"${ends}"`);

    const node = step.node;
    const terminator = step.terminator;
    const rejected = hooks.analyze(node, ctx, terminator);

    if (rejected) {
      reading.errors.push({ message: rejected, line: node.line, column: node.column });

      if (rejected.endsWith(' is not terminated by ";"') && terminator === '{') {
        readBlock(it, ctx, true, hooks, reading);
      }

      continue;
    }

    const stmt = hooks.statement(node);

    if (node.name === 'include' && hooks.include) {
      const errors = hooks.include(node);

      if (!errors) throw new UnfollowedError('include');

      for (const e of errors) {
        reading.errors.push({ message: e.message, line: e.line, column: e.column });
      }

      reading.includes.push({ stmt, node, ctx });
    }

    if (terminator === '{') stmt.block = readBlock(it, [...ctx, node.name], false, hooks, reading);

    out.push(stmt);

    for (const comment of node.innerComments ?? []) {
      out.push(hooks.comment(node.line, comment.text));
    }
  }

  return out;
}
