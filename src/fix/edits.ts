// Turns the line/column edits of fixes into offsets and new file text.
import type { Edit } from '../engine/types.js';

export interface Span {
  start: number;
  end: number;
  text: string;
}

/** Offsets where each line starts (after LF; a CR before it stays in the line). */
export function lineStarts(text: string): number[] {
  const starts = [0];

  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);

  return starts;
}

/**
 * A file's text with its line starts, worked out once: callers keep one per file. (Not a Map
 * keyed by the text: V8 hashes a string past 16k characters by its length alone, so such keys
 * collide and every lookup compares whole texts.)
 */
export interface LinedText {
  text: string;
  starts: number[];
}

export function linedText(text: string): LinedText {
  return { text, starts: lineStarts(text) };
}

/** The offset of a 1-based line and UTF-16 column; past the end clamps to the end. */
export function offsetAt(
  starts: number[],
  textLength: number,
  line: number,
  column: number,
): number {
  if (line > starts.length) return textLength;

  return Math.min(starts[line - 1] + column - 1, textLength);
}

/** The 1-based line and column of an offset. */
export function positionAt(starts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;

  while (low < high) {
    const mid = (low + high + 1) >> 1;

    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }

  return { line: low + 1, column: offset - starts[low] + 1 };
}

export function spanOf(edit: Edit, starts: number[], textLength: number): Span {
  return {
    start: offsetAt(starts, textLength, edit.range.line, edit.range.column),
    end: offsetAt(starts, textLength, edit.range.endLine, edit.range.endColumn),
    text: edit.text,
  };
}

/** Two insertions at one point conflict too: their order would be a guess. */
export function spansOverlap(a: Span, b: Span): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;

  return a.start < b.end && b.start < a.end;
}

/** Applies spans that do not overlap; bytes outside them are kept as they were. */
export function applySpans(text: string, spans: readonly Span[]): string {
  let out = text;

  for (const span of [...spans].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, span.start) + span.text + out.slice(span.end);
  }

  return out;
}

/** An edit of the text between two offsets. */
export function editBetween(
  file: string,
  { starts }: LinedText,
  start: number,
  end: number,
  replacement: string,
): Edit {
  const from = positionAt(starts, start);
  const to = positionAt(starts, end);

  return {
    file,
    range: { line: from.line, column: from.column, endLine: to.line, endColumn: to.column },
    text: replacement,
  };
}
