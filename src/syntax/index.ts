// The syntax stage: bytes → tokens → tree, with includes followed. Everything after it reads
// the tree (src/syntax/tree.ts) that parseConfig returns.
export { parseConfig, parseText, type ParseOptions } from './config.js';
export { parseBytes, DEFAULT_MAX_DEPTH, type FileParse, type ParseFileOptions } from './parser.js';
export {
  Lexer,
  tokenize,
  unescape,
  NGX_CONF_BUFFER,
  type Token,
  type TokenKind,
  type LexError,
  type LexOptions,
} from './lexer.js';
export { LineMap } from './line-map.js';
export { decodeBytes, encodeText, replaceInvalid } from './utf8.js';
export type * from './tree.js';
