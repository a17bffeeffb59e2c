// Printing the tree as other tools read it: crossplane's payload, token stream and format.
export {
  buildPayload,
  crossplaneComment,
  crossplaneText,
  type Analyzer,
  type AnalyzerVerdict,
  type Payload,
  type PayloadConfig,
  type PayloadDirective,
  type PayloadError,
  type PayloadOptions,
} from './crossplane.js';
export { formatSource, formatStatements, type FormatOptions } from './format.js';
export { lexPayload, type LexEntry } from './lex.js';
export { enquote, needsQuotes } from './quote.js';
export { pythonJson } from './json.js';
