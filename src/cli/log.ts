// Diagnostics and progress go to stderr; tracing only behind DEBUG=ngxlint:*.
const debugPattern = process.env.DEBUG ?? '';

export function note(message: string): void {
  process.stderr.write(`ngxlint: ${message}\n`);
}

export function debug(scope: string, message: string): void {
  if (debugEnabled(scope)) process.stderr.write(`ngxlint:${scope} ${message}\n`);
}

export function debugEnabled(scope: string): boolean {
  return debugPattern
    .split(',')
    .some((p) => p === 'ngxlint:*' || p === `ngxlint:${scope}` || p === '*');
}
