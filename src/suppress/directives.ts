// Reads suppression comments: `ngxlint-disable-next-line NAME[, NAME] -- reason`,
// `ngxlint-disable-line …`, `ngxlint-disable …` up to `ngxlint-enable [NAME]`.
import type { Range } from '../syntax/tree.js';
import type { SourceComment } from './comments.js';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable';

export interface NamedRule extends Range {
  /** As written: a code (`NGX301`) or a name (`single-listen-80`). */
  text: string;
}

export interface SuppressionDirective {
  kind: DirectiveKind;
  comment: SourceComment;
  rules: NamedRule[];
  /** The text after `--`, trimmed; undefined when there is none or it is empty. */
  reason?: string;
}

const MARKER = /^(\s*)ngxlint-(disable-next-line|disable-line|disable|enable)(?=\s|$)/;
const NAME = /[A-Za-z0-9_.-]+/g;

/** The suppression a comment holds, or undefined for an ordinary comment. */
export function parseDirective(comment: SourceComment): SuppressionDirective | undefined {
  const marker = MARKER.exec(comment.text);

  if (!marker) return undefined;

  const kind = marker[2] as DirectiveKind;
  const afterMarker = marker[0].length;
  const dashes = comment.text.indexOf('--', afterMarker);
  const list = comment.text.slice(afterMarker, dashes === -1 ? undefined : dashes);
  const reason = dashes === -1 ? undefined : comment.text.slice(dashes + 2).trim();
  const rules: NamedRule[] = [];

  for (const match of list.matchAll(NAME)) {
    const column = comment.column + 1 + afterMarker + match.index;

    rules.push({
      text: match[0],
      line: comment.line,
      column,
      endLine: comment.line,
      endColumn: column + match[0].length,
    });
  }

  return { kind, comment, rules, reason: reason || undefined };
}
