// Byte offset → line and column, on demand. Lines are 1-based and end at LF (a CRLF is one
// break: CR is whitespace to nginx). Columns are 1-based UTF-16 code units, what editors and
// LSP count, the unit used everywhere in the tree; a BOM on line 1 is not counted.
import { isValidUtf8, utf16Length } from './utf8.js';

export class LineMap {
  private readonly bytes: Uint8Array;
  private readonly valid: boolean;
  private readonly starts: number[];

  constructor(bytes: Uint8Array) {
    const starts = [bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0];

    for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) starts.push(i + 1);

    this.bytes = bytes;
    this.valid = isValidUtf8(bytes);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Byte offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1];
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;

    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;

      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }

    const start = this.starts[lo];

    return {
      line: lo + 1,
      column: 1 + utf16Length(this.bytes, start, Math.max(start, offset), this.valid),
    };
  }
}
