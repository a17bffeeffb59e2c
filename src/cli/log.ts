// Diagnostics and progress go to stderr; tracing (src/trace.ts) only behind DEBUG=ngxlint:*.
import { escapeControl } from '../security/escape.js';

export { traceEnabled as debugEnabled } from '../trace.js';

/** One diagnostic line; control characters in paths or values are shown as \xNN. */
export function note(message: string): void {
  process.stderr.write(`ngxlint: ${escapeControl(message)}\n`);
}
