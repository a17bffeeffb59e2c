// `ngxlint lex`: the token stream as crossplane's `lex` prints it.
import type { Token } from '../syntax/lexer.js';
import { crossplaneText } from './crossplane.js';
import { replaceInvalid } from '../syntax/utf8.js';

export type LexEntry = string | [string, number];

/** Tokens as crossplane shows them: quoted words unquoted, a Lua body then `;`. */
export function lexPayload(tokens: Token[], options: { lineNumbers?: boolean } = {}): LexEntry[] {
  const out: LexEntry[] = [];
  const push = (text: string, line: number): void => {
    out.push(options.lineNumbers ? [text, line] : text);
  };

  for (const token of tokens) {
    if (token.kind === 'comment') push(replaceInvalid(token.raw), token.line);
    else if (token.kind === 'lua') push(crossplaneText({ raw: token.raw, quote: null }), token.endLine);
    else push(crossplaneText(token), token.line);
  }

  return out;
}
