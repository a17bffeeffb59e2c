// A small nginx tokenizer for fix providers: words (quotes kept), `;`, `{`, `}`, with their
// offsets, comments skipped. It follows nginx's reading: `#` starts a comment at a token
// boundary, quotes may span lines, a backslash escapes the next character.
export interface Token {
  kind: 'word' | ';' | '{' | '}';
  text: string;
  start: number;
  end: number;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;

  while (i < text.length) {
    const ch = text[i];

    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      i += 1;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (ch === ';' || ch === '{' || ch === '}') {
      tokens.push({ kind: ch, text: ch, start: i, end: i + 1 });
      i += 1;
    } else {
      const start = i;

      i = wordEnd(text, i);
      tokens.push({ kind: 'word', text: text.slice(start, i), start, end: i });
    }
  }

  return tokens;
}

/** A word as nginx hands it to a directive: quotes removed, `\\"`, `\\'` and `\\\\` unescaped. */
export function wordValue(text: string): string {
  const quote = text[0] === '"' || text[0] === "'" ? text[0] : '';
  const inner = quote && text.endsWith(quote) && text.length > 1 ? text.slice(1, -1) : text;

  return inner.replace(/\\(["'\\])/g, '$1');
}

function wordEnd(text: string, from: number): number {
  let i = from;

  if (text[i] === '"' || text[i] === "'") {
    const quote = text[i];

    for (i += 1; i < text.length && text[i] !== quote; i += 1) if (text[i] === '\\') i += 1;

    return Math.min(i + 1, text.length);
  }

  while (i < text.length && !' \t\r\n;{}'.includes(text[i])) {
    if (text[i] === '\\') i += 1;
    i += 1;
  }

  return Math.min(i, text.length);
}

export interface Statement {
  words: Token[];
  /** The `;` or `{` that ends it; undefined at end of file. */
  end?: Token;
  /** Index of the enclosing block's `{` token, -1 at top level. */
  parent: number;
  /** Index in tokens of the `{` when the statement opens a block. */
  open?: number;
}

/** Groups tokens into statements, each knowing its enclosing block. */
export function statements(tokens: Token[]): Statement[] {
  const out: Statement[] = [];
  const stack: number[] = [];
  let words: Token[] = [];

  tokens.forEach((token, index) => {
    if (token.kind === 'word') {
      words.push(token);

      return;
    }

    const parent = stack.at(-1) ?? -1;

    if (token.kind === '}') {
      if (words.length) out.push({ words, parent });
      stack.pop();
    } else {
      out.push({ words, end: token, parent, ...(token.kind === '{' ? { open: index } : {}) });
      if (token.kind === '{') stack.push(index);
    }

    words = [];
  });

  if (words.length) out.push({ words, parent: stack.at(-1) ?? -1 });

  return out;
}
