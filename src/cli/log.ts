// Diagnostics and progress go to stderr; tracing (src/trace.ts) only behind DEBUG=ngxlint:*.
export { traceEnabled as debugEnabled } from '../trace.js';

export function note(message: string): void {
  process.stderr.write(`ngxlint: ${message}\n`);
}
