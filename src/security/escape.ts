// What ngxlint shows of a file's content. A config from an untrusted pull request may hold
// terminal escape sequences (rewriting what a reviewer sees) or bidirectional overrides, and a
// message must never carry more of a file than the token it is about.

/** The longest excerpt of a token a message quotes, in code points before the ellipsis. */
export const EXCERPT_LENGTH = 40;

// C0 controls but tab, DEL, C1 controls (U+009B is CSI on some terminals), the line and
// paragraph separators, and the bidirectional embeddings, overrides and isolates.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);

  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;

  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Escapes every character that could move the cursor, recolour or reorder a terminal line. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

// The same, but CR and LF pass: for formats that escape line breaks their own way (GitHub's
// workflow commands write them as %0D and %0A).
const UNSAFE_INLINE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** escapeControl that leaves CR and LF to the caller. */
export function escapeControlKeepingLines(text: string): string {
  return text.replace(UNSAFE_INLINE, escapeOne);
}

/** True when `text` holds a character escapeControl would change. */
export function hasControl(text: string): boolean {
  UNSAFE.lastIndex = 0;

  return UNSAFE.test(text);
}

/**
 * A short, escaped excerpt of a token for a message: at most `max` code points (an ellipsis
 * marks the cut), every control character escaped, invalid UTF-8 already shown as U+FFFD.
 */
export function excerpt(text: string, max: number = EXCERPT_LENGTH): string {
  const points = Array.from(text);
  const cut = points.length > max ? `${points.slice(0, max).join('')}…` : text;

  return escapeControl(cut);
}
