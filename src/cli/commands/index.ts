// Every CLI command, in the order `--help` lists them. Each module declares flags only and loads
// its heavy parts when it runs.
import type { CommandSpec } from '../command.js';

export const commands: CommandSpec[] = [];
