// ngxlint's library entry: what rules, the CLI and editors share.
export { parseConfig, parseText, type ParseOptions } from './syntax/index.js';
export type * from './syntax/tree.js';
export { nameRangeOf } from './syntax/tree.js';
export { lint, type LintOptions, type LintResult } from './lint.js';
export type {
  Finding,
  Severity,
  RuleDefinition,
  RuleContext,
  Project,
  PortPolicy,
  PortSource,
  AppBinding,
} from './engine/types.js';
export { defineRule, docsUrl } from './engine/define.js';
export { LintInputError } from './engine/errors.js';
export { REPORTERS, loadReporter, type Reporter, type ReportContext } from './reporters/index.js';
