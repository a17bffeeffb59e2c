// Short ASCII words repeat thousands of times in a large tree (`proxy_pass`, `on`, `$host`,
// `127.0.0.1:8000`). Decoding each occurrence made a new string, and looking each up in a Map
// to share it cost an eighth of a parse. This cache is looked up by the bytes themselves, so a
// word seen before is neither decoded nor hashed as a string: one slot per hash, the newest
// word wins a collision, and memory stays bounded whatever the input.
const SLOTS = 1 << 16;
/** Longer words are decoded as they come. */
export const MAX_LENGTH = 40;
const cache: Array<string | undefined> = new Array(SLOTS).fill(undefined);

/** The text of bytes[start, end), shared with earlier words of the same bytes when short. */
export function textOf(bytes: Buffer, start: number, end: number): string {
  const length = end - start;

  if (length > MAX_LENGTH) return bytes.toString('utf8', start, end);

  let hash = 0x811c9dc5 ^ length;

  for (let i = start; i < end; i++) {
    const byte = bytes[i];

    // Not ASCII: a character is more than a byte, and the check below compares bytes.
    if (byte >= 0x80) return bytes.toString('utf8', start, end);

    hash = Math.imul(hash ^ byte, 0x01000193);
  }

  const slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
  const known = cache[slot];

  if (known !== undefined && known.length === length && sameBytes(known, bytes, start)) {
    return known;
  }

  const text = bytes.toString('latin1', start, end);

  cache[slot] = text;

  return text;
}

function sameBytes(text: string, bytes: Buffer, start: number): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== bytes[start + i]) return false;
  }

  return true;
}
