// Offsets to 1-based line and column (UTF-16 units, exclusive end), for files and for strings
// embedded in them (a `bash -c "…"` in a unit), so every word points into the file it is in.
import type { Location } from '../engine/types.js';

export interface TextMap {
  file: string;
  text: string;
  /** The whole file this text sits in. */
  host: FileText;
  /** Where character i of this text sits in the host file. */
  hostOffset(index: number): number;
  location(start: number, end: number): Location;
}

/** A whole file's text. */
export class FileText implements TextMap {
  private readonly starts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  get host(): FileText {
    return this;
  }

  hostOffset(index: number): number {
    return index;
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;

    while (low < high) {
      const mid = (low + high + 1) >> 1;

      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }

    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }

  location(start: number, end: number): Location {
    const from = this.position(start);
    const to = this.position(Math.max(start, end));

    return {
      file: this.file,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
    };
  }
}

/** A string taken out of a host text; offsets[i] is where its character i sits in the host. */
export class EmbeddedText implements TextMap {
  constructor(
    readonly host: FileText,
    readonly text: string,
    private readonly offsets: number[],
  ) {}

  hostOffset(index: number): number {
    const last = this.offsets.length - 1;

    return this.offsets[Math.min(index, last)] ?? 0;
  }

  get file(): string {
    return this.host.file;
  }

  location(start: number, end: number): Location {
    const from = this.hostOffset(start);
    const to = end > start ? this.hostOffset(end - 1) + 1 : from;

    return this.host.location(from, to);
  }
}

/** Decodes bytes as UTF-8 text without a byte-order mark. */
export function decodeText(bytes: Buffer): string {
  const text = bytes.toString('utf8');

  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
