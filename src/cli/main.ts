import yargs from 'yargs';
import type { CommandSpec } from './command.js';
import { flagAsTyped, flagWords, rememberCommandLine } from './args.js';
import { UsageError } from './errors.js';
import { EXIT_INTERNAL, EXIT_USAGE } from './exit-codes.js';
import { debugEnabled } from './log.js';
import { escapeControl } from '../security/escape.js';
import { VERSION } from '../version.js';
import { commands } from './commands/index.js';

/** Runs the CLI on argv (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;

  rememberCommandLine(argv);
  const cli = yargs(protectStdinArgs(argv))
    .scriptName('ngxlint')
    .usage('$0 [lint] [PATH...]\n\nLint an Nginx config and the deployment around it.')
    .version(VERSION)
    .strict()
    .exitProcess(false)
    // yargs renders a command's whole help before running it, to keep for errors we never
    // print: without wrapping that costs a tenth of what it does with it (25 ms a run).
    .wrap(asksForHelp(argv) ? Math.min(100, process.stdout.columns || 100) : null)
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageError(tidyYargsMessage(message, argv));
    });

  for (const spec of commands as CommandSpec[]) {
    cli.command({
      command: spec.command,
      describe: spec.describe,
      builder: spec.builder,
      handler: async (args: Record<string, unknown>) => {
        // getOptions() is in yargs' API, not in its type definitions.
        refuseRepeatedValues(
          args,
          (cli as unknown as { getOptions(): OptionTypes }).getOptions(),
          new Set([...variadicNames(spec.command), ...(spec.repeatable ?? [])]),
          new Set(spec.repeatable),
        );
        exitCode = await spec.run(restoreStdinArgs(args));
      },
    });
  }

  try {
    await cli.help().alias('h', 'help').parseAsync();

    return exitCode;
  } catch (error) {
    return reportFailure(error);
  }
}

interface OptionTypes {
  key: Record<string, unknown>;
  alias: Record<string, string[]>;
  boolean: string[];
  array: string[];
}

/**
 * A flag that takes one value, given twice (`-o a -o b`) or negated (`--no-output`), reaches a
 * command as an array or a boolean: refused here as a usage error, not met later as a crash
 * or a file named `a,b`. `lists` may repeat (positionals `[paths..]`, `--format` of lint);
 * `repeatable` flags may not be negated either.
 */
function refuseRepeatedValues(
  args: Record<string, unknown>,
  options: OptionTypes,
  lists: Set<string>,
  repeatable: Set<string>,
): void {
  for (const key of Object.keys(options.key)) {
    // Aliases and camel-case copies carry the same value as the dashed name.
    if (key.length === 1 || /[A-Z]/.test(key) || options.array.includes(key)) continue;

    const value = args[key];
    const values = [value].flat();
    const short = options.alias[key]?.find((name) => name.length === 1);
    // As the user typed it: `-c is given 2 times`, not `--config`.
    const typed = flagAsTyped(`--${key}`, short ? `-${short}` : `--${key}`);

    if (Array.isArray(value) && !lists.has(key)) {
      throw new UsageError(`${typed} is given ${value.length} times, expected once`);
    }

    if (
      values.some((v) => typeof v === 'boolean') &&
      (repeatable.has(key) || !options.boolean.includes(key))
    ) {
      throw new UsageError(`--no-${key}: --${key} takes a value`);
    }

    // yargs folds some of these into one value (`-i 1 -i 1` is an indent of 2, `--no-indent`
    // one of 0): what was typed decides.
    if (lists.has(key) || options.boolean.includes(key)) continue;

    // `--config=` or `-c ''` named no file: the run would go on without one, unasked.
    if (value === '') throw new UsageError(`${typed} needs a value`);

    const given = flagWords(`--${key}`, short && `-${short}`).length;

    if (given > 1) throw new UsageError(`${typed} is given ${given} times, expected once`);
    if (flagWords(`--no-${key}`).length) {
      throw new UsageError(`--no-${key}: --${key} takes a value`);
    }
  }
}

/** The names of a command's variadic positionals (`[paths..]`): lists by design. */
function variadicNames(command: string | string[]): Set<string> {
  const words = [command].flat().join(' ');

  return new Set([...words.matchAll(/[[<](\w+)\.\.[\]>]/g)].map((m) => m[1]));
}

/** Whether yargs will print help: only then is its layout worth wrapping. */
function asksForHelp(argv: readonly string[]): boolean {
  return argv.some((word) => word === '--help' || word === '-h');
}

// yargs-parser reads a lone `-` as an empty group of short flags and drops it; `-` means stdin
// (PATH of lint, FILE of parse), so it is passed through under another name.
const STDIN_ARG = '\u0000stdin';
// Everything after `--` is a path (`ngxlint -- -rf.conf`). yargs would keep those words out of
// the positionals, so they are passed as positionals under a mark and unmarked afterwards.
const PATH_MARK = '\u0000path:';

function protectStdinArgs(argv: string[]): string[] {
  const end = argv.indexOf('--');
  const before = (end < 0 ? argv : argv.slice(0, end)).map((a) => (a === '-' ? STDIN_ARG : a));
  const after = end < 0 ? [] : argv.slice(end + 1).map((a) => PATH_MARK + a);

  return [...before, ...after];
}

function restoreStdinArgs(args: Record<string, unknown>): Record<string, unknown> {
  const restore = (v: unknown): unknown =>
    v === STDIN_ARG
      ? '-'
      : typeof v === 'string' && v.startsWith(PATH_MARK)
        ? unmark(v)
        : Array.isArray(v)
          ? v.map(restore)
          : v;

  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, restore(v)]));
}

/** A marked word as the path it names; `-` after `--` is a file named `-`, not stdin. */
function unmark(word: string): string {
  const path = word.slice(PATH_MARK.length);

  return path === '-' ? './-' : path;
}

/** yargs names an unknown flag twice (bogus-flag, bogusFlag) and without dashes, and an
 * extra argument (`ngxlint ports DIR`) the same way as a flag. */
function tidyYargsMessage(message: string, argv: readonly string[]): string {
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);

  // Some of yargs' messages take several lines ("Invalid values:\n  Argument: …"): one here.
  if (!unknown) {
    return message
      .split(PATH_MARK)
      .join('')
      .split(STDIN_ARG)
      .join('-')
      .replace(/:?\s*\n\s*/g, ': ');
  }

  const names = unknown[1].split(', ');
  const given = new Set(argv.filter((word) => !word.startsWith('-')));
  const extra = names.filter((n) => n.startsWith(PATH_MARK) || n === STDIN_ARG || given.has(n));

  if (extra.length > 0) {
    const words = extra.map((n) => `"${n === STDIN_ARG ? '-' : n.replace(PATH_MARK, '')}"`);

    return `too many arguments: ${words.join(', ')} (see ngxlint --help)`;
  }

  const dashed = names.filter((n) => !names.some((o) => o !== n && camel(o) === n));
  const flags = dashed.map((n) => (n.length === 1 ? `-${n}` : `--${n}`));

  return `unknown flag ${flags.join(', ')} (see ngxlint --help)`;
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function reportFailure(error: unknown): number {
  if (error instanceof UsageError) {
    // Messages quote paths and values the user or a config gave: ESC must not reach the terminal.
    process.stderr.write(`ngxlint: ${escapeControl(error.message)}\n`);

    return EXIT_USAGE;
  }

  const message = error instanceof Error ? error.message : String(error);

  process.stderr.write(`ngxlint: internal error: ${escapeControl(message)}\n`);

  if (debugEnabled('cli') && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }

  return EXIT_INTERNAL;
}
