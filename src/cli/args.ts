/**
 * A repeatable flag as a list. Flags are not declared `array` (yargs would then swallow the
 * paths after them: `--format compact .`); repeating one gives an array, once gives a string.
 */
export function listOf(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;

  return ([] as unknown[]).concat(value).map(String);
}
