// The tokenizer, a byte-for-byte follower of nginx's ngx_conf_read_token (src/core/ngx_conf_file.c):
// the same states (last_space, need_space, quoted, s_quoted, d_quoted, variable, sharp_comment),
// the same errors at the same places, and nginx's 4096-byte read buffer replayed so that
// `too long parameter` fires exactly where nginx's does. Unlike nginx it never stops: each error
// goes to `onError` and lexing goes on, so the parser can collect every error of a file.
import type { ParseErrorKind, Range } from './tree.js';
import { MAX_LENGTH, textOf } from './intern.js';
import { decodeBytes, isValidUtf8, utf16Length } from './utf8.js';
import { escapeControl } from '../security/escape.js';

export type TokenKind = 'word' | 'string' | '{' | '}' | ';' | 'comment' | 'lua' | 'eof';

export interface Token extends Range {
  kind: TokenKind;
  /** Byte offsets in the file, end exclusive. */
  start: number;
  end: number;
  /** Decoded value (escapes applied); a comment's text after `#`; a Lua block's body. */
  value: string;
  /** The text as written, quotes included. */
  raw: string;
  quote: '"' | "'" | null;
}

export interface LexError extends Range {
  kind: ParseErrorKind;
  message: string;
}

export interface LexOptions {
  onError?: (error: LexError) => void;
  /** nginx's NGX_CONF_BUFFER: the longest token, in bytes. */
  bufferSize?: number;
  /** Block names whose body nginx hands to the Lua module's own reader. */
  isLuaBlock?: (name: string) => boolean;
  /**
   * Hand out the same word token and the same `;` `{` `}` token each time, changed in place:
   * for a caller that copies what it keeps before asking for the next token (the parser). Saves
   * making a short-lived object per token, 757k of them at 300k lines.
   */
  reuseTokens?: boolean;
}

/** nginx reads a config through a buffer of this many bytes; no token may fill it. */
export const NGX_CONF_BUFFER = 4096;

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const SEMI = 0x3b;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const HASH = 0x23;
const BSLASH = 0x5c;
const DQ = 0x22;
const SQ = 0x27;
const DOLLAR = 0x24;
const RPAREN = 0x29;

/** `*_by_lua_block` directives: their `{…}` is Lua source, read as one argument. */
export function defaultIsLuaBlock(name: string): boolean {
  return name.endsWith('_by_lua_block');
}

function blankToken(): Token {
  return fill(null, 'eof', 0, 0, '', '', null, 0, 0, 0, 0);
}

/** A token: `slot` changed in place when the lexer reuses tokens, else a new object. */
function fill(
  slot: Token | null,
  kind: TokenKind,
  start: number,
  end: number,
  value: string,
  raw: string,
  quote: Token['quote'],
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
): Token {
  if (slot === null) {
    return { kind, start, end, value, raw, quote, line, column, endLine, endColumn };
  }

  slot.kind = kind;
  slot.start = start;
  slot.end = end;
  slot.value = value;
  slot.raw = raw;
  slot.quote = quote;
  slot.line = line;
  slot.column = column;
  slot.endLine = endLine;
  slot.endColumn = endColumn;

  return slot;
}

function isSpace(ch: number): boolean {
  return ch === SP || ch === TAB || ch === CR || ch === LF;
}

export class Lexer {
  readonly bytes: Buffer;
  readonly valid: boolean;
  readonly hasBom: boolean;
  private readonly size: number;
  private readonly bufferSize: number;
  private readonly onError: (error: LexError) => void;
  private readonly isLuaBlock: (name: string) => boolean;

  private pos: number;
  private line = 1;
  private lineStart: number;
  private cursorOffset: number;
  private cursorColumn = 1;

  // nginx's read_token state.
  private lastSpace = true;
  private needSpace = false;
  private escaped = false;
  private variable = false;
  private inQuote = 0;
  private sharp = false;
  private nelts = 0;
  private firstWord: string | null = null;

  // The token being read.
  private wordStart = 0;
  private wordQuote: '"' | "'" | null = null;
  private wordHasEscape = false;
  private wordLine = 0;
  private wordColumn = 0;
  private commentStart = 0;
  private commentLine = 0;
  private commentColumn = 0;

  // nginx's `start` (where the buffer would be shifted to) and the end of what it has read.
  private nStart: number;
  private nStartLine = 1;
  private bufEnd = 0;
  private longReportedAt = -1;

  /** Words an unquoted `{n}` quantifier cut short: nginx ends a bare word at `{`. */
  readonly splits: Array<{ text: string; line: number; column: number }> = [];

  private queued: Token | null = null;
  private finished = false;
  private readonly wordSlot: Token | null;
  private readonly punctSlot: Token | null;

  constructor(bytes: Buffer, options: LexOptions = {}) {
    this.bytes = bytes;
    this.size = bytes.length;
    this.valid = isValidUtf8(bytes);
    this.bufferSize = options.bufferSize ?? NGX_CONF_BUFFER;
    this.onError = options.onError ?? (() => {});
    this.isLuaBlock = options.isLuaBlock ?? defaultIsLuaBlock;
    this.wordSlot = options.reuseTokens ? blankToken() : null;
    this.punctSlot = options.reuseTokens ? blankToken() : null;
    this.hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

    // Editors hide a BOM, so columns on line 1 count from after it.
    this.pos = this.hasBom ? 3 : 0;
    this.lineStart = this.pos;
    this.cursorOffset = this.pos;
    this.nStart = this.pos;

    if (this.hasBom) {
      this.report(
        'syntax',
        'unexpected byte order mark (nginx reads it as part of the first name)',
        3,
        3,
      );
    }
  }

  /** The next token; after the end of the file, `eof` again and again. */
  next(): Token {
    if (this.queued) {
      const token = this.queued;

      this.queued = null;

      return token;
    }

    const b = this.bytes;

    for (;;) {
      const i = this.pos;

      if (i >= this.bufEnd) {
        if (i >= this.size) return this.atEof();

        this.refill(i);
      }

      const ch = b[i];

      this.pos = i + 1;

      if (this.sharp) {
        if (ch !== LF) {
          this.pos = this.skipTo(LF, i + 1);
          continue;
        }

        this.sharp = false;

        const comment = this.commentToken(i);

        this.newline(i);
        this.markStart(i);

        return comment;
      }

      if (this.escaped) {
        this.escaped = false;
        if (ch === LF) this.newline(i);
        continue;
      }

      if (this.needSpace) {
        if (isSpace(ch)) {
          this.lastSpace = true;
          this.needSpace = false;
          if (ch === LF) this.newline(i);
          continue;
        }

        if (ch === SEMI) return this.terminator(';', i);
        if (ch === LBRACE) return this.openBrace(i);

        // nginx lets `)` follow a quoted string ("if ($a = "b")"); `}` is reported below.
        if (ch !== RPAREN && ch !== RBRACE)
          this.report('syntax', `unexpected "${this.charAt(i)}"`, i, i + 1);

        this.lastSpace = true;
        this.needSpace = false;
      }

      if (this.lastSpace) {
        if (ch === LF) {
          this.newline(i);
          this.markStart(i);
          continue;
        }

        this.markStart(i);

        if (ch === SP || ch === TAB || ch === CR) continue;

        switch (ch) {
          case SEMI:
          case LBRACE:
            if (this.nelts === 0) {
              this.report('syntax', `unexpected "${ch === SEMI ? ';' : '{'}"`, i, i + 1);

              if (ch === SEMI) {
                this.markStart(i + 1);
                continue;
              }

              return this.terminator('{', i);
            }

            return ch === SEMI ? this.terminator(';', i) : this.openBrace(i);

          case RBRACE:
            if (this.nelts !== 0) this.report('syntax', 'unexpected "}"', i, i + 1);

            return this.terminator('}', i);

          case HASH:
            this.sharp = true;
            this.commentStart = i;
            this.commentLine = this.line;
            this.commentColumn = this.column(i);
            continue;

          case BSLASH:
            this.beginWord(i, null);
            this.escaped = true;
            this.wordHasEscape = true;
            continue;

          case DQ:
          case SQ:
            this.beginWord(i, ch === DQ ? '"' : "'");
            this.inQuote = ch;
            this.nStart = i + 1;
            continue;

          case DOLLAR:
            this.beginWord(i, null);
            this.variable = true;
            continue;

          default:
            this.beginWord(i, null);
            continue;
        }
      }

      // Inside a word or a quoted string.
      if (ch === LBRACE && this.variable) continue;

      this.variable = false;

      if (ch === BSLASH) {
        this.escaped = true;
        this.wordHasEscape = true;
        continue;
      }

      if (ch === DOLLAR) {
        this.variable = true;
        continue;
      }

      let found = false;

      if (this.inQuote !== 0) {
        if (ch === this.inQuote) {
          this.inQuote = 0;
          this.needSpace = true;
          found = true;
        }
      } else if (isSpace(ch) || ch === SEMI || ch === LBRACE) {
        this.lastSpace = true;
        found = true;
      }

      if (!found) {
        if (ch === LF) this.newline(i);
        else this.pos = this.skipPlain(i + 1);
        continue;
      }

      const word = this.wordToken(this.wordQuote ? i + 1 : i);

      if (this.nelts === 0) this.firstWord = word.value;
      this.nelts++;

      if (ch === SEMI) this.queued = this.terminator(';', i);
      else if (ch === LBRACE) {
        this.noteSplit(word, i);
        this.queued = this.openBrace(i);
      } else if (ch === LF) this.newline(i);

      return word;
    }
  }

  /** Where `stop` is next, or the end of the buffer read so far. */
  private skipTo(stop: number, from: number): number {
    const b = this.bytes;
    const end = this.bufEnd;
    let i = from;

    while (i < end && b[i] !== stop) i++;

    return i;
  }

  /**
   * Past the bytes of a word or quoted string that change no state (all but a handful), up to
   * the end of the buffer read so far: the loop above would only step over them one by one.
   */
  private skipPlain(from: number): number {
    const b = this.bytes;
    const end = this.bufEnd;
    const quote = this.inQuote;
    let i = from;

    if (quote !== 0) {
      for (; i < end; i++) {
        const ch = b[i];

        if (ch === quote || ch === BSLASH || ch === DOLLAR || ch === LF) break;
      }
    } else {
      for (; i < end; i++) {
        const ch = b[i];

        if (ch <= SP) {
          if (ch === SP || ch === TAB || ch === CR || ch === LF) break;
        } else if (ch === SEMI || ch === LBRACE || ch === BSLASH || ch === DOLLAR) break;
      }
    }

    return i;
  }

  /** Records a regex like `^/a{3}$` that nginx splits at its `{`. */
  private noteSplit(word: Token, brace: number): void {
    const b = this.bytes;
    let i = brace + 1;

    while (i < this.size && b[i] >= 0x30 && b[i] <= 0x39) i++;
    if (i === brace + 1) return;
    if (b[i] === 0x2c) for (i++; i < this.size && b[i] >= 0x30 && b[i] <= 0x39;) i++;
    if (b[i] !== RBRACE) return;

    while (i < this.size && !isSpace(b[i]) && b[i] !== SEMI) i++;

    const text = word.raw + decodeBytes(b, brace, i, this.valid);

    this.splits.push({ text, line: word.line, column: word.column });
  }

  /** Line and column of a byte offset on the line being read. */
  private column(offset: number): number {
    if (offset < this.cursorOffset) {
      // Count back from the cursor, not forward from the line start: a long line of short
      // tokens (`{{{{…` with an error at each) would otherwise cost its length per token.
      if (offset >= this.lineStart) {
        return this.cursorColumn - utf16Length(this.bytes, offset, this.cursorOffset, this.valid);
      }

      return 1;
    }

    this.cursorColumn += utf16Length(this.bytes, this.cursorOffset, offset, this.valid);
    this.cursorOffset = offset;

    return this.cursorColumn;
  }

  private newline(offset: number): void {
    this.line++;
    this.lineStart = offset + 1;
    this.cursorOffset = offset + 1;
    this.cursorColumn = 1;
  }

  private markStart(offset: number): void {
    this.nStart = offset;
    this.nStartLine = this.line;
  }

  private charAt(offset: number): string {
    const b = this.bytes[offset];

    if (b < 0x80) return String.fromCharCode(b);

    let end = offset + 1;

    while (end < this.size && (this.bytes[end] & 0xc0) === 0x80 && end - offset < 4) end++;

    return decodeBytes(this.bytes, offset, end, this.valid);
  }

  private report(kind: ParseErrorKind, message: string, start: number, end: number): void {
    const line = this.line;
    const column = this.column(start);
    const endColumn = this.column(Math.max(start, end));

    this.onError({ kind, message, line, column, endLine: line, endColumn });
  }

  /** nginx refills its buffer from `start`; a token that fills the whole buffer is too long. */
  private refill(offset: number): void {
    const length = offset - this.nStart;

    if (length >= this.bufferSize) {
      if (this.longReportedAt !== this.nStart) {
        this.longReportedAt = this.nStart;
        this.reportTooLong();
      }

      this.bufEnd = Math.min(this.size, offset + this.bufferSize);

      return;
    }

    this.bufEnd = Math.min(this.size, this.nStart + this.bufferSize);
  }

  private reportTooLong(): void {
    let message: string;

    if (this.inQuote === DQ)
      message = 'too long parameter, probably missing terminating """ character';
    else if (this.inQuote === SQ) {
      message = `too long parameter, probably missing terminating "'" character`;
    } else {
      const head = decodeBytes(this.bytes, this.nStart, this.nStart + 10, this.valid);

      message = `too long parameter "${escapeControl(head)}..." started`;
    }

    // nginx names the line the token started on.
    const onLine = this.nStartLine === this.line;
    const column = onLine ? this.column(this.nStart) : 1;

    this.onError({
      kind: 'limit',
      message,
      line: this.nStartLine,
      column,
      endLine: this.nStartLine,
      endColumn: column,
    });
  }

  private beginWord(offset: number, quote: '"' | "'" | null): void {
    this.lastSpace = false;
    this.wordStart = offset;
    this.wordQuote = quote;
    this.wordHasEscape = false;
    this.wordLine = this.line;
    this.wordColumn = this.column(offset);
  }

  private wordToken(end: number): Token {
    const b = this.bytes;
    const start = this.wordStart;
    const quote = this.wordQuote;
    const raw = this.valid ? textOf(b, start, end) : decodeBytes(b, start, end, false);
    let value = raw;

    if (quote) {
      const inside = end - start - 2;

      value =
        this.valid && inside >= 0 && inside <= MAX_LENGTH
          ? textOf(b, start + 1, end - 1)
          : raw.slice(1, -1);
    }

    return fill(
      this.wordSlot,
      quote ? 'string' : 'word',
      start,
      end,
      this.wordHasEscape ? unescape(value) : value,
      raw,
      quote,
      this.wordLine,
      this.wordColumn,
      this.line,
      this.column(end),
    );
  }

  private commentToken(end: number): Token {
    const stop = end > this.commentStart + 1 && this.bytes[end - 1] === CR ? end - 1 : end;
    const raw = decodeBytes(this.bytes, this.commentStart, stop, this.valid);

    return {
      kind: 'comment',
      start: this.commentStart,
      end: stop,
      value: raw.slice(1),
      raw,
      quote: null,
      line: this.commentLine,
      column: this.commentColumn,
      endLine: this.line,
      endColumn: this.column(stop),
    };
  }

  private punct(kind: '{' | '}' | ';', offset: number): Token {
    const column = this.column(offset);

    return fill(
      this.punctSlot,
      kind,
      offset,
      offset + 1,
      kind,
      kind,
      null,
      this.line,
      column,
      this.line,
      column + 1,
    );
  }

  /** `;`, `{` or `}` ends what read_token was reading: its state starts afresh. */
  private terminator(kind: '{' | '}' | ';', offset: number): Token {
    const token = this.punct(kind, offset);

    this.nelts = 0;
    this.firstWord = null;
    this.lastSpace = true;
    this.needSpace = false;
    this.variable = false;
    this.inQuote = 0;
    this.markStart(offset + 1);

    return token;
  }

  private openBrace(offset: number): Token {
    const name = this.firstWord;

    if (name === null || !this.isLuaBlock(name)) return this.terminator('{', offset);

    this.terminator('{', offset);

    return this.luaBlock(offset + 1);
  }

  /**
   * Reads a Lua body as lua-nginx-module does: up to the `}` that balances the opening `{`,
   * skipping braces in strings, long brackets `[==[ ]==]` and comments. The body becomes one
   * `lua` token, then a `;` token sits on the closing `}`.
   * Not replayed here: lua-nginx-module's own per-token buffer limit inside the body.
   */
  private luaBlock(bodyStart: number): Token {
    const b = this.bytes;
    const size = this.size;
    const line = this.line;
    const column = this.column(bodyStart);
    let depth = 1;
    let i = bodyStart;
    let close = -1;

    while (i < size) {
      const ch = b[i];

      if (ch === LF) {
        this.newline(i);
        i++;
      } else if (ch === 0x2d && b[i + 1] === 0x2d) {
        const level = longBracketLevel(b, i + 2);

        i = level >= 0 ? this.skipLongBracket(i + 2, level) : this.skipToEol(i + 2);
      } else if (ch === 0x5b) {
        const level = longBracketLevel(b, i);

        i = level >= 0 ? this.skipLongBracket(i, level) : i + 1;
      } else if (ch === DQ || ch === SQ) {
        i = this.skipLuaString(i + 1, ch);
      } else if (ch === LBRACE) {
        depth++;
        i++;
      } else if (ch === RBRACE) {
        depth--;

        if (depth === 0) {
          close = i;
          break;
        }

        i++;
      } else i++;
    }

    const end = close >= 0 ? close : size;
    const body = decodeBytes(b, bodyStart, end, this.valid);
    const token: Token = {
      kind: 'lua',
      start: bodyStart,
      end,
      value: body,
      raw: body,
      quote: null,
      line,
      column,
      endLine: this.line,
      endColumn: this.column(end),
    };

    if (close < 0) {
      this.pos = size;
      this.bufEnd = size;
      this.report('syntax', 'unexpected end of file, expecting "}"', size, size);
      this.finished = true;

      return token;
    }

    this.pos = close + 1;
    this.queued = this.terminator(';', close);
    this.bufEnd = Math.min(size, close + 1 + this.bufferSize);

    return token;
  }

  private skipToEol(i: number): number {
    while (i < this.size && this.bytes[i] !== LF) i++;

    return i;
  }

  /** Skips `[==[ … ]==]` starting at the first `[`; returns the offset after it. */
  private skipLongBracket(i: number, level: number): number {
    const b = this.bytes;

    i += level + 2;

    while (i < this.size) {
      if (b[i] === LF) this.newline(i);
      else if (b[i] === 0x5d && closesLongBracket(b, i, level)) return i + level + 2;

      i++;
    }

    return i;
  }

  private skipLuaString(i: number, quote: number): number {
    const b = this.bytes;

    while (i < this.size) {
      const ch = b[i];

      if (ch === BSLASH) {
        if (b[i + 1] === LF) this.newline(i + 1);
        i += 2;
      } else if (ch === quote) return i + 1;
      else if (ch === LF) return i;
      else i++;
    }

    return i;
  }

  private atEof(): Token {
    if (this.sharp) {
      this.sharp = false;

      return this.commentToken(this.size);
    }

    if (!this.finished) {
      this.finished = true;

      if (this.nelts > 0 || !this.lastSpace) {
        this.report('syntax', 'unexpected end of file, expecting ";" or "}"', this.size, this.size);
      }
    }

    const column = this.column(this.size);

    return {
      kind: 'eof',
      start: this.size,
      end: this.size,
      value: '',
      raw: '',
      quote: null,
      line: this.line,
      column,
      endLine: this.line,
      endColumn: column,
    };
  }
}

/** The level of a Lua long bracket `[==[` at offset i, or -1. */
function longBracketLevel(b: Uint8Array, i: number): number {
  if (b[i] !== 0x5b) return -1;

  let level = 0;

  while (b[i + 1 + level] === 0x3d) level++;

  return b[i + 1 + level] === 0x5b ? level : -1;
}

function closesLongBracket(b: Uint8Array, i: number, level: number): boolean {
  for (let k = 1; k <= level; k++) if (b[i + k] !== 0x3d) return false;

  return b[i + level + 1] === 0x5d;
}

/** nginx's escapes: `\"`, `\'`, `\\` lose the backslash; `\t`, `\r`, `\n` become controls. */
export function unescape(text: string): string {
  let out = '';
  let run = 0;

  for (let i = 0; i < text.length - 1; i++) {
    if (text.charCodeAt(i) !== BSLASH) continue;

    const next = text[i + 1];
    let replacement: string;

    if (next === '"' || next === "'" || next === '\\') replacement = next;
    else if (next === 't') replacement = '\t';
    else if (next === 'r') replacement = '\r';
    else if (next === 'n') replacement = '\n';
    else continue;

    out += text.slice(run, i) + replacement;
    i++;
    run = i + 1;
  }

  return out + text.slice(run);
}

/** Every token of a file, for `ngxlint lex` and tests. */
export function tokenize(bytes: Buffer, options: LexOptions = {}): Token[] {
  const lexer = new Lexer(bytes, options);
  const tokens: Token[] = [];

  for (let token = lexer.next(); token.kind !== 'eof'; token = lexer.next()) tokens.push(token);

  return tokens;
}
