// `ngxlint format`: the tree written back as crossplane's builder writes a payload, with
// standard indentation; comments are kept, one that shared a line with a directive stays on it.
import { parseText } from '../syntax/config.js';
import { defaultIsLuaBlock } from '../syntax/lexer.js';
import type { ParseError } from '../syntax/tree.js';
import { buildPayload, type PayloadDirective } from './crossplane.js';
import { enquote } from './quote.js';

export interface FormatOptions {
  indent?: number;
  tabs?: boolean;
}

/**
 * One file as `ngxlint format` reads it: parsed alone, comments kept, words as written. A file
 * with errors is not formatted: its errors, and no statements.
 */
export function formatSource(
  bytes: Buffer,
  path: string,
): { errors: ParseError[]; statements: PayloadDirective[] } {
  const config = parseText(bytes, path);

  if (config.errors.length > 0) return { errors: config.errors, statements: [] };

  const payload = buildPayload(config, {
    includeComments: true,
    singleFile: true,
    lossless: true,
    source: () => bytes,
    positions: true,
  });

  return { errors: [], statements: payload.config[0].parsed };
}

/**
 * Writes payload statements (from buildPayload with comments and positions) as config text, no
 * final newline. Without positions a comment after a block's `}` is placed as crossplane places it.
 */
export function formatStatements(stmts: PayloadDirective[], options: FormatOptions = {}): string {
  const padding = options.tabs ? '\t' : ' '.repeat(options.indent ?? 4);

  // An explicit stack of open blocks keeps deep trees off the call stack.
  let output = '';
  const stack: Array<{
    stmts: PayloadDirective[];
    next: number;
    /** The lines of what was written last that a comment listed next may share. */
    sharedLines: number[];
    lastWasComment: boolean;
    depth: number;
  }> = [{ stmts, next: 0, sharedLines: [], lastWasComment: false, depth: 0 }];

  while (stack.length > 0) {
    const frame = stack[stack.length - 1];

    if (frame.next >= frame.stmts.length) {
      stack.pop();

      if (stack.length > 0) output += `\n${padding.repeat(frame.depth - 1)}}`;

      continue;
    }

    const stmt = frame.stmts[frame.next++];
    const margin = padding.repeat(frame.depth);

    // A comment written after a directive stays on its line; a second one (comments that sat
    // between arguments share the directive's line) goes on its own, or it would merge.
    if (stmt.directive === '#' && frame.sharedLines.includes(stmt.line) && !frame.lastWasComment) {
      output += ` #${stmt.comment ?? ''}`;
      frame.lastWasComment = true;
      continue;
    }

    let built: string;

    if (stmt.directive === '#') built = `#${stmt.comment ?? ''}`;
    else if (defaultIsLuaBlock(stmt.directive) && stmt.args.length > 0 && !stmt.block) {
      const body = stmt.args[stmt.args.length - 1];
      const head = stmt.args
        .slice(0, -1)
        .map((a) => ` ${enquote(a)}`)
        .join('');

      built = `${stmt.directive}${head} {${body}}`;
    } else {
      const args = stmt.args.map(enquote);

      if (stmt.directive === 'if') built = `if (${args.join(' ')})`;
      else built = [enquote(stmt.directive), ...args].join(' ');

      built += stmt.block ? ' {' : ';';
    }

    output += (output ? '\n' : '') + margin + built;
    frame.sharedLines = sharedLines(stmt);
    frame.lastWasComment = stmt.directive === '#';

    if (stmt.block && stmt.directive !== '#') {
      stack.push({
        stmts: stmt.block,
        next: 0,
        sharedLines: [stmt.line],
        lastWasComment: false,
        depth: frame.depth + 1,
      });
    }
  }

  return output;
}

/**
 * The lines a comment listed after `stmt` may share with it: the line it ends on (its `;` or
 * `}`, from `endLine`) and, for a directive without a block, its first line, where comments
 * between its words are listed. A comment listed on a block's first line sat before its `{`:
 * written after the `}`, it would be on a line of its own at the next format.
 */
function sharedLines(stmt: PayloadDirective): number[] {
  const end = stmt.endLine ?? stmt.line;

  return stmt.block ? [end] : [stmt.line, end];
}
