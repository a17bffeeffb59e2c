// Byte-level text helpers. A config is read as bytes, as nginx reads it. Valid UTF-8 decodes as
// usual; each byte of an invalid sequence becomes the lone surrogate U+DC80 + (byte - 0x80), so
// no byte is lost (Python calls this "surrogateescape") and `encodeText` gives the bytes back.
import { isUtf8 } from 'node:buffer';

export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

/** Length in bytes of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i];

  if (b < 0x80) return 1;

  let need: number;
  let lo = 0x80;
  let hi = 0xbf;

  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0;
    if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    if (b === 0xf4) hi = 0x8f;
  } else return 0;

  for (let k = 1; k <= need; k++) {
    if (i + k >= end) return 0;

    const c = bytes[i + k];

    if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return 0;
  }

  return need + 1;
}

/** Decodes bytes[start, end), escaping invalid bytes as lone surrogates. */
export function decodeBytes(bytes: Buffer, start: number, end: number, valid: boolean): string {
  if (valid) return bytes.toString('utf8', start, end);

  let out = '';
  let run = start;
  let i = start;

  while (i < end) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }

    const n = sequenceLength(bytes, i, end);

    if (n > 0) {
      i += n;
      continue;
    }

    if (run < i) out += bytes.toString('utf8', run, i);
    out += String.fromCharCode(0xdc00 + bytes[i]);
    i++;
    run = i;
  }

  if (run < end) out += bytes.toString('utf8', run, end);

  return out;
}

/** Number of UTF-16 code units bytes[start, end) decode to (each invalid byte counts one). */
export function utf16Length(bytes: Uint8Array, start: number, end: number, valid: boolean): number {
  let n = 0;

  if (valid) {
    for (let i = start; i < end; i++) {
      const b = bytes[i];

      if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
    }

    return n;
  }

  let i = start;

  while (i < end) {
    const len = bytes[i] < 0x80 ? 1 : sequenceLength(bytes, i, end);

    if (len === 0) {
      n++;
      i++;
    } else {
      n += len === 4 ? 2 : 1;
      i += len;
    }
  }

  return n;
}

/** Turns a tree string back into the bytes it was read from. */
export function encodeText(text: string): Buffer {
  if (!/[\udc80-\udcff]/.test(text)) return Buffer.from(text, 'utf8');

  const parts: Buffer[] = [];
  let run = 0;

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);

    if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && isHighSurrogate(text.charCodeAt(i - 1)))) {
      parts.push(Buffer.from(text.slice(run, i), 'utf8'), Buffer.from([c - 0xdc00]));
      run = i + 1;
    }
  }

  parts.push(Buffer.from(text.slice(run), 'utf8'));

  return Buffer.concat(parts);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

const replacingDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text with each invalid sequence shown as U+FFFD, as a lossy UTF-8 decoder shows it. */
export function replaceInvalid(text: string): string {
  if (!/[\udc80-\udcff]/.test(text)) return text;

  return replacingDecoder.decode(encodeText(text));
}
