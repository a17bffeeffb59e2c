import type { Argv } from 'yargs';

/**
 * One CLI command. `builder` declares flags only; `run` loads whatever heavy modules it needs
 * (parser, schemas, grammars) so that other commands start fast. It returns the exit code.
 */
export interface CommandSpec {
  command: string | string[];
  describe: string;
  builder: (yargs: Argv) => Argv;
  /** Flags the command reads as lists (repeating one adds a value); any other flag takes one. */
  repeatable?: string[];
  run: (argv: Record<string, unknown>) => Promise<number>;
}
