// Every CLI command, in the order `--help` lists them. Each module declares flags only and loads
// its heavy parts when it runs.
import type { CommandSpec } from '../command.js';
import { explainCommand } from './explain.js';
import { formatCommand } from './format.js';
import { initCommand } from './init.js';
import { lexCommand } from './lex.js';
import { lintCommand } from './lint.js';
import { parseCommand } from './parse.js';
import { rulesCommand } from './rules.js';
import { portsCommand } from './ports.js';
import { socketsCommand } from './sockets.js';

export const commands: CommandSpec[] = [
  lintCommand,
  rulesCommand,
  explainCommand,
  initCommand,
  parseCommand,
  lexCommand,
  formatCommand,
  portsCommand,
  socketsCommand,
];
