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

/** `-o` when the user last gave the flag in its short form (`-o F`, `-o=F`, `-o/F`, or in a
 * group of short flags, `-qo F`), else the long name: an error about `-o x.json` should not
 * speak of `--out`. */
export function flagAsTyped(long: string, short: string): string {
  const letter = short.slice(1);
  let spelled = long;

  for (const word of commandLine) {
    if (word === '--') break;
    if (word === long || word.startsWith(`${long}=`)) spelled = long;
    else if (/^-[A-Za-z]+$/.test(word) && word.includes(letter)) spelled = short;
    else if (word.startsWith(short) && !word.startsWith('--')) spelled = short;
  }

  return spelled;
}
