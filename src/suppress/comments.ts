// Finds the comments of a file in the comment syntax of its kind: nginx, systemd units and
// drop-ins, shell scripts, env files, Python, YAML, ini-style supervisor files. The scan
// knows quotes well enough that a `#` inside a string is not taken for a comment.
import type { Range } from '../syntax/tree.js';

export type CommentSyntax =
  'nginx' | 'systemd' | 'shell' | 'env' | 'python' | 'yaml' | 'ini' | 'line-hash';

export interface SourceComment extends Range {
  /** The comment after its marker (`#` or `;`), as written. */
  text: string;
  /** Offset of `text` in the file. */
  textStart: number;
  /** Offset of the comment's marker. */
  start: number;
  /** Offset just past the comment (its line break excluded). */
  end: number;
  /** Only whitespace precedes the marker on its line. */
  ownLine: boolean;
}

interface Style {
  /** Characters that open a comment. */
  markers: string;
  /** Comments may follow code on a line; else they only start a line. */
  trailing: boolean;
  /** Characters after which a marker starts a comment (besides whitespace). */
  boundary: string;
  /** Quote characters that hide markers; '' when the syntax has none that matter. */
  quotes: string;
  /** Quoted strings may run over line breaks. */
  multiline: boolean;
  /** A backslash escapes the next character outside single quotes. */
  escapes: boolean;
  /** Python's `'''` and `"""`. */
  triple: boolean;
  /** Shell words: here-document bodies (`<<EOF`) are data, `<<` in `((…))` and `$[…]` shifts,
   * `<<<` is a here-string, `$'…'` escapes. */
  shellWords?: boolean;
  /** A quote opens a quoted value only right after `=` (env files: `KEY="…"`, not `it's`). */
  valueQuotes?: boolean;
  /** YAML block scalars (`key: |`): the more indented lines after them are data. */
  blockScalars?: boolean;
}

const STYLES: Record<CommentSyntax, Style> = {
  // nginx starts a comment at a token boundary, even after `;`, `{` or `}` on the same line.
  nginx: {
    markers: '#',
    trailing: true,
    boundary: ';{}',
    quotes: `"'`,
    multiline: true,
    escapes: true,
    triple: false,
  },
  // systemd.syntax(7): `#` and `;` comment lines; there are no trailing comments.
  systemd: {
    markers: '#;',
    trailing: false,
    boundary: '',
    quotes: '',
    multiline: false,
    escapes: false,
    triple: false,
  },
  shell: {
    markers: '#',
    trailing: true,
    boundary: ';&|()',
    quotes: `"'`,
    multiline: true,
    escapes: true,
    triple: false,
    shellWords: true,
  },
  // Only whole-line comments: systemd's EnvironmentFile= keeps a `#` after a value as part of
  // it (python-dotenv ends the value there), and quoted values run over lines in both.
  env: {
    markers: '#',
    trailing: false,
    boundary: '',
    quotes: `"'`,
    multiline: true,
    escapes: true,
    triple: false,
    valueQuotes: true,
  },
  python: {
    markers: '#',
    trailing: true,
    boundary: '*',
    quotes: `"'`,
    multiline: false,
    escapes: true,
    triple: true,
  },
  // Known limit: an apostrophe inside a plain YAML scalar (`it's`) hides a trailing comment.
  yaml: {
    markers: '#',
    trailing: true,
    boundary: '',
    quotes: `"'`,
    multiline: false,
    escapes: false,
    triple: false,
    blockScalars: true,
  },
  ini: {
    markers: '#;',
    trailing: true,
    boundary: '',
    quotes: '',
    multiline: false,
    escapes: false,
    triple: false,
  },
  'line-hash': {
    markers: '#',
    trailing: false,
    boundary: '',
    quotes: '',
    multiline: false,
    escapes: false,
    triple: false,
  },
};

/** Every comment of a file's text, in order. */
export function scanComments(text: string, syntax: CommentSyntax): SourceComment[] {
  const style = STYLES[syntax];
  const comments: SourceComment[] = [];
  let line = 1;
  let lineStart = 0;
  let quote = '';
  let onlySpace = true;
  // A backslash before the line break joins the next line to this one.
  let continued = false;
  // Delimiters of the shell here-documents opened on this line, whose bodies are data.
  let heredocs: HereDoc[] = [];
  // Open parentheses of a shell arithmetic `((…))` or brackets of `$[…]`, where `<<` shifts.
  let arithmetic = 0;
  let brackets = 0;
  // Inside `$'…'` (bash's ANSI-C quotes) a backslash escapes, even the closing quote.
  let ansiC = false;
  // The last character of this line that is not blank (a quote after `=` opens a value).
  let lastCode = '';

  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];

    if (ch === '\n') {
      if (style.blockScalars && opensBlockScalar(text, lineStart, i, comments, line)) {
        [i, line] = skipBlockScalar(text, i, line, indentOf(text, lineStart));
      }
      for (const doc of heredocs) [i, line] = skipHereDoc(text, i, line, doc);
      heredocs = [];
      line += 1;
      lineStart = i + 1;
      onlySpace = !continued;
      continued = false;
      lastCode = '';
      if (quote && !style.multiline && quote.length === 1) quote = '';
      continue;
    }

    if (quote) {
      if (style.escapes && ch === '\\' && (quote !== "'" || ansiC)) {
        i += text[i + 1] === '\n' ? 0 : 1;
      } else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = '';
      }

      continue;
    }

    if (style.escapes && ch === '\\') {
      continued = text[i + 1] === '\n';
      i += continued ? 0 : 1;
      onlySpace = false;
      continue;
    }

    if (style.shellWords && (arithmetic > 0 || text.startsWith('((', i))) {
      arithmetic += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    }

    if (style.shellWords && brackets > 0) brackets += ch === '[' ? 1 : ch === ']' ? -1 : 0;
    else if (style.shellWords && text.startsWith('$[', i)) {
      brackets = 1;
      i += 1;
      onlySpace = false;
      continue;
    }

    // `<<<` is a here-string; inside `((…))` `<<` shifts.
    if (style.shellWords && text.startsWith('<<<', i)) {
      i += 2;
      onlySpace = false;
      continue;
    }

    if (style.shellWords && arithmetic === 0 && brackets === 0 && text.startsWith('<<', i)) {
      const doc = hereDocAt(text, i + 2);

      if (doc) {
        heredocs.push(doc);
        i = doc.after - 1;
        onlySpace = false;
        continue;
      }
    }

    if (style.quotes.includes(ch) && (!style.valueQuotes || lastCode === '=')) {
      ansiC = style.shellWords === true && ch === "'" && text[i - 1] === '$';
      quote = style.triple && text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
      onlySpace = false;
      continue;
    }

    if (style.markers.includes(ch) && startsComment(text, i, lineStart, onlySpace, style)) {
      const endOfLine = text.indexOf('\n', i);
      let end = endOfLine === -1 ? text.length : endOfLine;

      if (text[end - 1] === '\r') end -= 1;

      comments.push({
        text: text.slice(i + 1, end),
        textStart: i + 1,
        start: i,
        end,
        ownLine: onlySpace,
        line,
        column: i - lineStart + 1,
        endLine: line,
        endColumn: end - lineStart + 1,
      });
      i = end - 1;
      continue;
    }

    if (ch !== ' ' && ch !== '\t' && ch !== '\r') {
      onlySpace = false;
      lastCode = ch;
    }
  }

  return comments;
}

interface HereDoc {
  delimiter: string;
  /** `<<-`: the body's lines and the closing delimiter may be indented with tabs. */
  tabs: boolean;
  /** Offset just past the delimiter word. */
  after: number;
}

/**
 * The here-document a `<<` at `from` (just past it) opens: `<<EOF`, `<<-'EOF'`, `<< "EOF"`,
 * `<<END-OF-TEXT`, `<<E"O"F` (its delimiter is the word with its quotes removed).
 */
function hereDocAt(text: string, from: number): HereDoc | undefined {
  const match = /^(-?)[ \t]*((?:[^\s|&;()<>'"\\]|\\.|'[^'\n]*'|"[^"\n]*")+)/.exec(
    text.slice(from, from + 256),
  );

  if (!match) return undefined;

  return {
    delimiter: match[2].replace(/'([^']*)'|"([^"]*)"|\\(.)/g, '$1$2$3'),
    tabs: match[1] === '-',
    after: from + match[0].length,
  };
}

/**
 * Past a here-document's body, from the line break (at `at`, on `line`) that ends the line it
 * was opened on: to the line break that ends its delimiter line (or the end of the text).
 * Returns that offset and its line.
 */
function skipHereDoc(text: string, at: number, line: number, doc: HereDoc): [number, number] {
  let start = at + 1;

  while (start < text.length) {
    const lineEnd = text.indexOf('\n', start);
    const end = lineEnd === -1 ? text.length : lineEnd;
    let body = text.slice(start, end).replace(/\r$/, '');

    if (doc.tabs) body = body.replace(/^\t+/, '');
    line += 1;

    if (body === doc.delimiter || lineEnd === -1) return [end, line];

    start = end + 1;
  }

  return [text.length, line];
}

/** Whether the line from `start` to `end` (its comment left out) ends in `|` or `>`. */
function opensBlockScalar(
  text: string,
  start: number,
  end: number,
  comments: SourceComment[],
  line: number,
): boolean {
  const last = comments.at(-1);
  const code = text.slice(start, last?.line === line ? last.start : end);

  return /(^|[\s:-])[|>][-+]?\d?[-+]?\s*$/.test(code);
}

function indentOf(text: string, start: number): number {
  let i = start;

  while (text[i] === ' ') i++;

  return i - start;
}

/**
 * Past a block scalar's lines, from the line break (at `at`, on `line`) of the line that
 * opened it: every following line that is blank or indented deeper than `indent`. Returns the
 * line break before the first line that is not, and its line.
 */
function skipBlockScalar(text: string, at: number, line: number, indent: number): [number, number] {
  let end = at;

  while (end + 1 < text.length) {
    const next = text.indexOf('\n', end + 1);
    const stop = next === -1 ? text.length : next;
    const body = text.slice(end + 1, stop).replace(/\r$/, '');

    if (body.trim() !== '' && indentOf(body, 0) <= indent) break;

    end = stop;
    line += 1;
  }

  return [end, line];
}

function startsComment(
  text: string,
  at: number,
  lineStart: number,
  onlySpace: boolean,
  style: Style,
): boolean {
  if (onlySpace) return true;
  if (!style.trailing) return false;
  if (style.boundary === '*') return true;

  const before = at > lineStart ? text[at - 1] : ' ';

  return before === ' ' || before === '\t' || style.boundary.includes(before);
}
