// Command-line options as the servers' own parsers split them: `--opt value`, `--opt=value`,
// `-bVALUE`, flags and positionals, each word keeping where it is written.
import type { RichWord } from './context.js';

export interface Options {
  values: Map<string, RichWord[]>;
  flags: Map<string, RichWord>;
  positional: RichWord[];
}

/** Splits `--opt value`, `--opt=value`, `-bVALUE` and positionals. */
export function parseOptions(args: RichWord[], valued: Set<string>): Options {
  const options: Options = { values: new Map(), flags: new Map(), positional: [] };
  // Appends in place: a command line with 100k repeated options must stay linear.
  const add = (name: string, word: RichWord) => {
    const list = options.values.get(name);

    if (list) list.push(word);
    else options.values.set(name, [word]);
  };

  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const text = word.value;

    if (!text.startsWith('-') || text === '-') {
      options.positional.push(word);
      continue;
    }

    const equals = text.indexOf('=');

    if (text.startsWith('--') && equals > 0 && valued.has(text.slice(0, equals))) {
      add(text.slice(0, equals), sliceWord(word, equals + 1));
    } else if (valued.has(text)) {
      if (args[i + 1]) add(text, args[++i]);
    } else if (!text.startsWith('--') && text.length > 2 && valued.has(text.slice(0, 2))) {
      add(text.slice(0, 2), sliceWord(word, 2));
    } else {
      options.flags.set(equals > 0 ? text.slice(0, equals) : text, word);
    }
  }

  return options;
}

export function sliceWord(word: RichWord, from: number): RichWord {
  const offsets = word.offsets.slice(from);
  const start = offsets[0];
  const location =
    start === undefined
      ? word.location
      : word.text.host.location(start, (offsets[offsets.length - 1] ?? start) + 1);

  return { ...word, value: word.value.slice(from), offsets, location };
}

export function last<T>(items: T[] | undefined): T | undefined {
  return items?.[items.length - 1];
}

/** Leading options (and the values of those in `valued`) are dropped. */
export function skipOptions(words: RichWord[], valued: Set<string>): RichWord[] {
  let i = 0;

  while (i < words.length && words[i].value.startsWith('-') && words[i].value !== '-') {
    if (words[i].value === '--') return words.slice(i + 1);

    i += valued.has(words[i].value) ? 2 : 1;
  }

  return words.slice(i);
}
