// crossplane's lexer reads `${` in a bare word up to the next `}` or whitespace, then appends
// the character that stopped it whatever it is, whitespace included: `try_files /a/${uri} /b;`
// gives it the one argument "/a/${uri} /b". nginx reads two words. The payload copies
// crossplane (it is its format); the tree keeps nginx's words.
import type { Arg, Directive, Range } from '../syntax/tree.js';
import { LineMap } from '../syntax/line-map.js';
import { crossplaneText } from './crossplane.js';

export type CharAfter = (range: Range) => string | undefined;

/** Whether crossplane's `${` loop is still running when the bare word ends. */
export function loopRunsToEnd(raw: string): boolean {
  let last = '';

  for (let i = 0; i < raw.length;) {
    if (raw[i] === '\\' && i + 1 < raw.length) {
      last = raw[i + 1];
      i += 2;
      continue;
    }

    if (last === '$' && raw[i] === '{') {
      while (i < raw.length && last !== '}') last = raw[i++];

      if (i === raw.length) return true;

      continue;
    }

    last = raw[i++];
  }

  return false;
}

function isGap(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Two words with exactly one whitespace character between them. */
function oneApart(a: Range, b: Range, ch: string | undefined): boolean {
  if (b.line === a.endLine) return b.column === a.endColumn + 1;

  return b.line === a.endLine + 1 && b.column === 1 && (ch === '\n' || ch === '\r');
}

/**
 * A directive's arguments as crossplane's lexer splits them; `lossless` (format) keeps nginx's
 * words, since merging them would change what nginx reads back.
 */
export function crossplaneArgs(node: Directive, charAfter: CharAfter, lossless = false): string[] {
  const out: string[] = [];
  const args = node.args;

  if (lossless) return args.map((arg) => crossplaneText(arg, true));

  for (let k = 0; k < args.length; k++) {
    let current: Arg = args[k];
    let text = crossplaneText(current, lossless);

    while (current.quote === null && loopRunsToEnd(current.raw)) {
      const next = args[k + 1] as Arg | undefined;
      const ch = charAfter(current) ?? (next ? ' ' : undefined);

      if (!isGap(ch)) break;

      text += ch === '\r' ? '\n' : ch;

      if (!next || next.quote !== null || !oneApart(current, next, ch)) break;

      text += crossplaneText(next, lossless);
      current = next;
      k++;
    }

    out.push(text);
  }

  return out;
}

/** Reads the character after a range in a file's bytes, when the bytes are to be had. */
export function sourceReader(
  path: string,
  source: ((path: string) => Buffer | undefined) | undefined,
): CharAfter {
  let map: LineMap | null = null;
  let bytes: Buffer | undefined;

  return (range) => {
    if (!source) return undefined;

    if (!map) {
      bytes = source(path);
      if (!bytes) return undefined;
      map = new LineMap(bytes);
    }

    const data = bytes as Buffer;
    let offset = map.lineStart(range.endLine);

    // Walk the line's UTF-16 units up to the end column.
    for (let units = 1; units < range.endColumn && offset < data.length;) {
      const b = data[offset];
      const len = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;

      units += len === 4 ? 2 : 1;
      offset += len;
    }

    return offset < data.length ? String.fromCharCode(data[offset]) : undefined;
  };
}
