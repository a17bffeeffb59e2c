/**
 * A repeatable flag as a list. Flags are not declared `array` (yargs would then swallow the
 * paths after them: `--format compact .`); repeating one gives an array, once gives a string.
 */
export function listOf(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;

  return ([] as unknown[]).concat(value).map(String);
}

let commandLine: readonly string[] = [];

/** Keeps the command line, so that messages can name a flag as the user spelled it. */
export function rememberCommandLine(argv: readonly string[]): void {
  commandLine = argv;
}

/**
 * Each word of the command line, before any `--`, that gives a flag: its long form (`--out`,
 * `--out=F`), its short form (`-o F`, `-o=F`, `-oF`) or a group of short flags (`-qo F`).
 */
export function flagWords(long: string, short?: string): string[] {
  const words: string[] = [];

  for (const word of commandLine) {
    if (word === '--') break;
    if (word === long || word.startsWith(`${long}=`)) words.push(long);
    else if (short === undefined || word.startsWith('--')) continue;
    else if (/^-[A-Za-z]+$/.test(word) ? word.includes(short.slice(1)) : word.startsWith(short))
      words.push(short);
  }

  return words;
}

/** `-o` when the user last gave the flag in its short form, else the long name: an error about
 * `-o x.json` should not speak of `--out`. */
export function flagAsTyped(long: string, short: string): string {
  return flagWords(long, short).at(-1) ?? long;
}
