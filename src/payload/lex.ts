// `ngxlint lex`: the token stream as crossplane's `lex` prints it.
import type { Token } from '../syntax/lexer.js';
import { crossplaneComment, crossplaneText } from './crossplane.js';
import { loopRunsToEnd } from './dollar-brace.js';

export type LexEntry = string | [string, number];

function gapAfter(bytes: Buffer | undefined, offset: number): string | undefined {
  const b = bytes?.[offset];

  if (b === 0x20 || b === 0x09 || b === 0x0a) return String.fromCharCode(b);
  if (b === 0x0d) return '\n';

  return undefined;
}

/** Tokens as crossplane shows them: quoted words unquoted, a Lua body then `;`. */
export function lexPayload(
  tokens: Token[],
  options: { lineNumbers?: boolean; bytes?: Buffer } = {},
): LexEntry[] {
  const out: LexEntry[] = [];
  const push = (text: string, line: number): void => {
    out.push(options.lineNumbers ? [text, line] : text);
  };

  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];

    if (token.kind === 'comment') push(`#${crossplaneComment(token.value)}`, token.line);
    else if (token.kind === 'lua')
      push(crossplaneText({ raw: token.raw, quote: null }), token.endLine);
    else if (token.kind !== 'word') push(crossplaneText(token), token.line);
    else {
      // crossplane's `${` quirk: see dollar-brace.ts.
      let current = token;
      let text = crossplaneText(token);

      while (current.kind === 'word' && loopRunsToEnd(current.raw)) {
        const ch = gapAfter(options.bytes, current.end);
        const next = tokens[k + 1];
        const width = options.bytes?.[current.end] === 0x0d ? 2 : 1;

        if (ch === undefined) break;

        text += ch;

        if (!next || next.kind !== 'word' || next.start !== current.end + width) break;

        text += crossplaneText(next);
        current = next;
        k++;
      }

      push(text, token.line);
    }
  }

  return out;
}
