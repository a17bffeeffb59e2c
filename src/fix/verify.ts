// A certain fix is checked before it is applied: the fixed text is parsed again, and the fix
// holds only when the syntax error it answers is gone and no new one appeared.
import type { Finding } from '../engine/types.js';
import { parseBytes } from '../syntax/parser.js';
import type { ParseError } from '../syntax/tree.js';
import { applySpans, lineStarts, offsetAt, positionAt, type Span } from './edits.js';

/** A finding with the real path of its file (the key fixes are planned under). */
export interface FixedFinding {
  finding: Finding;
  file: string;
}

let last: { file: string; text: string; errors: ParseError[] } | undefined;

/** Whether applying `spans` to `text` fixes the syntax findings among `findings` and breaks nothing. */
export function fixHolds(
  file: string,
  text: string,
  spans: Span[],
  findings: FixedFinding[],
): boolean {
  const fixed = applySpans(text, spans);
  const before = errorsOf(file, text);
  const after = parseBytes(Buffer.from(fixed, 'utf8'), file).errors;
  const answered = findings
    .filter((f) => f.file === file && isSyntax(f.finding))
    .map((f) => f.finding);

  if (after.length > before.length - answered.length) return false;

  const starts = lineStarts(text);
  const fixedStarts = lineStarts(fixed);

  // The error, moved by the edits before it, must not be where it was.
  return answered.every((finding) => {
    const offset = offsetAt(starts, text.length, finding.line, finding.column);
    const at = positionAt(fixedStarts, offset + shiftBefore(spans, offset));

    return !after.some(
      (e) => e.message === finding.message && e.line === at.line && e.column === at.column,
    );
  });
}

function isSyntax(finding: Finding): boolean {
  return finding.ruleId === 'NGX001' || finding.message.startsWith('unexpected ');
}

/** How far the edits that end at or before `offset` move it. */
function shiftBefore(spans: Span[], offset: number): number {
  return spans
    .filter((s) => s.end <= offset)
    .reduce((n, s) => n + s.text.length - (s.end - s.start), 0);
}

/** The unfixed text's errors; a pass checks one file's text again and again. */
function errorsOf(file: string, text: string): ParseError[] {
  if (last?.file !== file || last.text !== text) {
    last = { file, text, errors: parseBytes(Buffer.from(text, 'utf8'), file).errors };
  }

  return last.errors;
}
