import { excerpt } from '../security/escape.js';

/** The longest value a message quotes: tokens come from files nobody vetted (a whole binary
 * line would otherwise become a directive name in the message). */
const MAX_VALUE = 400;

/**
 * Fills `{{name}}` placeholders; a missing value is a bug in the rule, so it throws. Values are
 * shown as short excerpts with control characters escaped.
 */
export function formatMessage(
  template: string,
  data: Record<string, string | number> = {},
): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, key: string) => {
    if (!(key in data)) throw new Error(`message placeholder "${key}" has no value`);

    return excerpt(String(data[key]), MAX_VALUE);
  });
}
