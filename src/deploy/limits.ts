// How deep a deployment file may nest before ngxlint stops reading it. The readers walk syntax
// trees recursively, so a hostile file (5,000 nested subshells) must end as a finding, not as a
// stack overflow; the limits sit far above any real script or module.
import { CST, Parser } from 'yaml';

/** Syntax tree levels below the root (real scripts and entry points stay under 60). */
export const MAX_TREE_DEPTH = 400;

/** Scripts calling scripts or functions, `source`, `bash -c`: how deep a run may go. */
export const MAX_CALL_DEPTH = 50;

// CPython's tokenizer limits (Parser/tokenizer.h, 3.11): it refuses such a module outright, and
// tree-sitter-python's indentation scanner faults on a few hundred levels.
const PYTHON_MAX_INDENT = 100;
const PYTHON_MAX_LEVEL = 200;

export interface NestingError {
  start: number;
  end: number;
  message: string;
}

/**
 * A Python module CPython refuses for its nesting ("too many levels of indentation", "too many
 * nested parentheses"), found with a small tokenizer (strings, comments, brackets, `\` lines).
 */
export function pythonNestingError(text: string): NestingError | undefined {
  const indents = [0];
  const brackets: number[] = [];
  let i = 0;

  while (i < text.length) {
    // A logical line starts here: measure its indentation as CPython does (tabs to 8).
    const lineStart = i;
    let column = 0;

    while (text[i] === ' ' || text[i] === '\t' || text[i] === '\f') {
      column =
        text[i] === '\t' ? (Math.floor(column / 8) + 1) * 8 : text[i] === ' ' ? column + 1 : 0;
      i++;
    }

    const blank = i >= text.length || text[i] === '\n' || text[i] === '\r' || text[i] === '#';

    if (!blank && column > indents[indents.length - 1]) {
      if (indents.length >= PYTHON_MAX_INDENT) {
        return { start: lineStart, end: i, message: 'too many levels of indentation' };
      }

      indents.push(column);
    }

    while (!blank && column < indents[indents.length - 1]) indents.pop();

    // The rest of the logical line: it goes on while brackets are open or a line ends in `\`.
    for (;;) {
      const c = text[i];

      if (c === undefined) return undefined;

      if (c === '\n') {
        i++;

        if (brackets.length === 0) break;

        continue;
      }

      if (c === '\\') {
        i += 2;
        continue;
      }

      if (c === '#') {
        while (i < text.length && text[i] !== '\n') i++;
        continue;
      }

      if (c === '"' || c === "'") {
        i = stringEnd(text, i);
        continue;
      }

      if (c === '(' || c === '[' || c === '{') {
        if (brackets.length >= PYTHON_MAX_LEVEL) {
          return { start: i, end: i + 1, message: 'too many nested parentheses' };
        }

        brackets.push(i);
      } else if (c === ')' || c === ']' || c === '}') {
        brackets.pop();
      }

      i++;
    }
  }

  return undefined;
}

/** Where a string literal that opens at `from` ends (after its closing quote). */
function stringEnd(text: string, from: number): number {
  const quote = text[from];
  const triple = text.startsWith(quote.repeat(3), from);
  const close = triple ? quote.repeat(3) : quote;
  let i = from + close.length;

  while (i < text.length) {
    if (text[i] === '\\') {
      i += 2;
      continue;
    }

    if (text.startsWith(close, i)) return i + close.length;

    // An unterminated one-line string ends at the line's end, where CPython stops too.
    if (!triple && text[i] === '\n') return i;

    i++;
  }

  return i;
}

/**
 * The first YAML collection (flow `[`/`{`, block sequence or mapping) nested deeper than
 * MAX_TREE_DEPTH, found on yaml's token stream: its Parser keeps a stack of its own, while the
 * Composer that builds the document recurses and overflows on 200,000 nested `[`.
 */
export function yamlNestingError(text: string): NestingError | undefined {
  const pending: Array<{ token: CST.Token | null | undefined; depth: number }> = [];

  for (const top of new Parser().parse(text)) {
    pending.push({ token: top, depth: 0 });

    while (pending.length > 0) {
      const { token, depth } = pending.pop()!;

      if (token?.type === 'document') pending.push({ token: token.value, depth });

      if (!CST.isCollection(token)) continue;

      if (depth >= MAX_TREE_DEPTH) {
        return {
          start: token.offset,
          end: token.offset + 1,
          message: `nested deeper than ${MAX_TREE_DEPTH} levels, not read further`,
        };
      }

      // Last item first: the stack then yields the items, keys before values, in file order.
      for (const item of [...token.items].reverse()) {
        pending.push(
          { token: item.value, depth: depth + 1 },
          { token: item.key, depth: depth + 1 },
        );
      }
    }
  }

  return undefined;
}
