// Builds one file's nodes from the token stream, as ngx_conf_parse reads a file: `;` ends a
// directive, `{` opens its block, `}` closes it. Unlike nginx it recovers after each error and
// goes on, so one run reports every error of a file. It keeps an explicit stack instead of
// recursing, and stops keeping nodes past `maxDepth` nested blocks (an error of kind `limit`), so
// no input can overflow the stack of the parser or of anything that walks the tree later.
import { Lexer, type LexOptions, type Token } from './lexer.js';
import {
  rangeOf,
  type Arg,
  type Comment,
  type Directive,
  type Node,
  type ParseError,
  type Range,
} from './tree.js';
import { escapeControl } from '../security/escape.js';

export interface ParseFileOptions extends Pick<LexOptions, 'bufferSize' | 'isLuaBlock'> {
  /** Names of the blocks the file is read inside (its include's context); [] for main. */
  context?: string[];
  /** Most nested blocks kept, counting `depthOffset`. */
  maxDepth?: number;
  /** Blocks (and include levels) already open around this file. */
  depthOffset?: number;
}

export interface FileParse {
  nodes: Node[];
  errors: ParseError[];
  /** Every `include` directive with one argument, in document order. */
  includes: Array<{ directive: Directive; context: string[] }>;
  invalidUtf8: boolean;
  hasBom: boolean;
}

/** Far above any real config (nginx's own limit is its stack), far below a stack overflow. */
export const DEFAULT_MAX_DEPTH = 200;

/** Blocks whose body nginx reads with a custom handler (map, geo, types …): no `{` inside. */
const HANDLER_BLOCKS = new Set(['map', 'geo', 'types', 'split_clients', 'charset_map']);

// Memory: about 650 bytes per directive (a 50 MB file of short directives takes ~0.9 GB).
interface Frame {
  /** Where children go; null while discarding a block past the limit or without a name. */
  nodes: Node[] | null;
  directive: Directive | null;
  handler: boolean;
  context: string[];
}

/** The directive being read. The lexer reuses its tokens, so what is kept is copied out. */
interface Pending {
  name: string;
  /** The name's range. */
  at: Range;
  /** Where the last token read for it ends. */
  lastEndLine: number;
  lastEndColumn: number;
  comments: Comment[] | null;
}

// Short words come from the lexer already shared (src/syntax/intern.ts): one string per
// repeated name or value saves about a tenth of a parsed tree.
function toArg(token: Token): Arg {
  return {
    value: token.value,
    raw: token.raw,
    quote: token.quote,
    line: token.line,
    column: token.column,
    endLine: token.endLine,
    endColumn: token.endColumn,
  };
}

function toComment(token: Token): Comment {
  return {
    kind: 'comment',
    text: token.value,
    line: token.line,
    column: token.column,
    endLine: token.endLine,
    endColumn: token.endColumn,
  };
}

/** Parses one file's bytes; `file` is the absolute path written into nodes and errors. */
export function parseBytes(bytes: Buffer, file: string, options: ParseFileOptions = {}): FileParse {
  const errors: ParseError[] = [];
  const lexer = new Lexer(bytes, {
    bufferSize: options.bufferSize,
    isLuaBlock: options.isLuaBlock,
    onError: (e) => errors.push({ ...e, file }),
    reuseTokens: true,
  });
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const depthOffset = options.depthOffset ?? 0;
  const context = options.context ?? [];
  const root: Node[] = [];
  const includes: FileParse['includes'] = [];
  const stack: Frame[] = [
    {
      nodes: root,
      directive: null,
      handler: HANDLER_BLOCKS.has(context[context.length - 1] ?? ''),
      context,
    },
  ];
  let pending: Pending | null = null;
  // The arguments of the pending directive: one array for the file, copied to size when the
  // directive is made.
  const args: Arg[] = [];
  let lexerEofError = false;

  const addError = (kind: ParseError['kind'], message: string, at: Range): void => {
    errors.push({ kind, message, file, ...rangeOf(at) });
  };

  const makeDirective = (p: Pending, endLine: number, endColumn: number): Directive => {
    const directive: Directive = {
      kind: 'directive',
      name: p.name,
      // An array filled by push keeps room for 17 items: an exact copy saves ~130 bytes a
      // directive, a fifth of a parsed tree.
      args: args.length > 0 ? args.slice() : [],
      file,
      nameEndLine: p.at.endLine,
      nameEndColumn: p.at.endColumn,
      line: p.at.line,
      column: p.at.column,
      endLine,
      endColumn,
    };

    args.length = 0;
    if (p.comments !== null) directive.innerComments = p.comments;

    return directive;
  };

  const finishSimple = (p: Pending, endLine: number, endColumn: number): void => {
    const frame = stack[stack.length - 1];
    const directive = makeDirective(p, endLine, endColumn);

    if (frame.nodes === null) return;

    frame.nodes.push(directive);

    if (directive.name === 'include' && directive.args.length === 1) {
      includes.push({ directive, context: frame.context });
    }
  };

  // Where the last token before the end of the file ends (a cut-off block ends there).
  const lastEnd = { endLine: 0, endColumn: 0 };
  let anyToken = false;

  for (;;) {
    const token = lexer.next();
    const frame = stack[stack.length - 1];

    if (token.kind !== 'eof') {
      anyToken = true;
      lastEnd.endLine = token.endLine;
      lastEnd.endColumn = token.endColumn;
    }

    switch (token.kind) {
      case 'word':
      case 'string':
      case 'lua':
        if (pending === null) {
          pending = {
            name: token.value,
            at: rangeOf(token),
            lastEndLine: token.endLine,
            lastEndColumn: token.endColumn,
            comments: null,
          };
        } else {
          args.push(toArg(token));
          pending.lastEndLine = token.endLine;
          pending.lastEndColumn = token.endColumn;
        }

        break;

      case 'comment':
        if (pending !== null) (pending.comments ??= []).push(toComment(token));
        else frame.nodes?.push(toComment(token));

        break;

      case ';':
        if (pending !== null) finishSimple(pending, token.endLine, token.endColumn);
        pending = null;
        break;

      case '{': {
        // nginx: a custom handler (map, types …) takes only simple lines.
        if (frame.handler && pending !== null) addError('syntax', 'unexpected "{"', token);

        const depth = depthOffset + stack.length;
        let nodes: Node[] | null = null;
        let directive: Directive | null = null;

        if (pending !== null && frame.nodes !== null) {
          if (depth > maxDepth) {
            addError(
              'limit',
              `blocks nested deeper than ${maxDepth} levels${depthOffset > 0 ? `, counting the ${depthOffset} include and block levels around this file` : ''}`,
              token,
            );
          } else {
            directive = makeDirective(pending, token.endLine, token.endColumn);
            directive.block = [];
            nodes = directive.block;
            frame.nodes.push(directive);
          }
        }

        // A directive left unmade (past the limit, or in a discarded block) drops its arguments.
        args.length = 0;

        const name = pending?.name ?? '';

        // Past the limit the context is not copied: 100,000 nested blocks stay linear.
        stack.push({
          nodes,
          directive,
          handler: HANDLER_BLOCKS.has(name),
          context: nodes === null ? frame.context : frame.context.concat(name),
        });
        pending = null;
        break;
      }

      case '}':
        // The lexer has reported a `}` that cuts a directive short; keep the directive.
        if (pending !== null) finishSimple(pending, pending.lastEndLine, pending.lastEndColumn);
        pending = null;

        if (stack.length === 1) {
          if (!(errors.length > 0 && sameSpot(errors[errors.length - 1], token))) {
            addError('syntax', 'unexpected "}"', token);
          }

          break;
        }

        closeFrame(stack.pop() as Frame, token);
        break;

      case 'eof':
        lexerEofError = errors.some((e) => e.message.startsWith('unexpected end of file'));

        if (stack.length > 1 && !lexerEofError) {
          addError('syntax', 'unexpected end of file, expecting "}"', token);
        }

        // A block cut off by the end of the file ends at its last token.
        while (stack.length > 1) closeFrame(stack.pop() as Frame, anyToken ? lastEnd : token);

        explainSplits(lexer.splits, errors, file);

        return {
          nodes: root.slice(),
          errors,
          includes,
          invalidUtf8: !lexer.valid,
          hasBom: lexer.hasBom,
        };
    }
  }
}

function closeFrame(frame: Frame, end: { endLine: number; endColumn: number }): void {
  if (frame.directive === null) return;

  frame.directive.endLine = end.endLine;
  frame.directive.endColumn = end.endColumn;

  // Like args: the finished block keeps no spare room (nothing else holds the array yet).
  if (frame.nodes !== null) {
    frame.directive.block = frame.nodes.slice();
  }
}

function sameSpot(error: ParseError, at: Range): boolean {
  return error.line === at.line && error.column === at.column;
}

/** The error an unquoted `{n}` leads to says to quote the pattern (nginx's own does not). */
function explainSplits(splits: Lexer['splits'], errors: ParseError[], file: string): void {
  const split = splits[0];

  if (!split) return;

  const hint = `an unquoted "{" split "${escapeControl(split.text)}" on line ${split.line}: quote the pattern`;
  const after = errors.find(
    (e) =>
      e.kind === 'syntax' &&
      (e.line > split.line || (e.line === split.line && e.column > split.column)),
  );

  if (after) after.message += ` (${hint})`;
  else errors.push({ kind: 'syntax', message: hint, file, line: split.line, column: split.column });
}
