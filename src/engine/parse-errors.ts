// NGX001–NGX005 turn the parser's errors into findings, so a broken tree is reported (and fails
// the run), never passed. Each rule takes the errors of one kind.
import type { ParseError, ParsedConfig } from '../syntax/tree.js';
import { defineRule } from './define.js';
import type { RuleDefinition, Severity } from './types.js';

export interface ParseErrorRuleSpec {
  id: string;
  name: string;
  description: string;
  severity?: Severity;
  tags?: string[];
  /** Which parser errors this rule reports. */
  matches(error: ParseError, config: ParsedConfig): boolean;
}

export function parseErrorRule(spec: ParseErrorRuleSpec): RuleDefinition {
  return defineRule({
    id: spec.id,
    name: spec.name,
    description: spec.description,
    severity: spec.severity ?? 'error',
    tags: spec.tags ?? ['parse'],
    messages: { parseError: '{{message}}' },
    create: (context) => ({
      config(config) {
        for (const error of config.errors) {
          if (!spec.matches(error, config)) continue;

          context.report({
            messageId: 'parseError',
            data: { message: error.message },
            location: {
              file: error.file,
              line: error.line,
              column: error.column,
              endLine: error.endLine ?? error.line,
              endColumn: error.endColumn ?? error.column,
            },
            key: error.message,
          });
        }
      },
    }),
  });
}

/** The include error is an include cycle (worded by the parser, nginx has none). */
export function isCycleError(error: ParseError): boolean {
  return error.kind === 'include' && /cycle|recursive|includes itself/i.test(error.message);
}

/** The include names nothing that exists (nginx's `(2: No such file or directory)`). */
export function isNotFoundError(error: ParseError): boolean {
  return (
    error.kind === 'include' &&
    !isCycleError(error) &&
    /\(2: No such file or directory\)/.test(error.message)
  );
}

/** A file that exists but cannot be read as a config: permissions, I/O, a folder, a FIFO, a
 * symlink loop. */
export function isReadError(error: ParseError): boolean {
  return (
    error.kind === 'read' ||
    (error.kind === 'include' && !isCycleError(error) && !isNotFoundError(error))
  );
}
