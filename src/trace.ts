// Tracing behind DEBUG=ngxlint:* (or ngxlint:SCOPE, comma-separated), always to stderr.
const patterns = (process.env.DEBUG ?? '').split(',').map((p) => p.trim());

export function traceEnabled(scope: string): boolean {
  return patterns.some((p) => p === '*' || p === 'ngxlint:*' || p === `ngxlint:${scope}`);
}

export function trace(scope: string, message: string): void {
  if (traceEnabled(scope)) process.stderr.write(`ngxlint:${scope} ${message}\n`);
}

/** Runs step and traces how long it took. */
export function timed<T>(scope: string, what: string, step: () => T): T {
  if (!traceEnabled(scope)) return step();

  const start = performance.now();
  const result = step();

  trace(scope, `${what} in ${(performance.now() - start).toFixed(1)} ms`);

  return result;
}
