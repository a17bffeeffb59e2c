// ngxlint's library entry: what rules, the CLI and editors share.
export { parseConfig, parseText, type ParseOptions } from './syntax/index.js';
export type * from './syntax/tree.js';
