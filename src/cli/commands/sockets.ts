import { readFileSync } from 'node:fs';
import type { CommandSpec } from '../command.js';
import { treeFlags, treeOptionsOf } from '../tree-flags.js';

/** `ngxlint sockets [PATH]`: which servers, names and default server each address:port gets.
 * The tree is read as `lint` reads it: same entry config, path map and root guard. */
export const socketsCommand: CommandSpec = {
  command: 'sockets [path]',
  repeatable: ['map'],
  describe: 'Show per address:port the servers, their names, the default and shadowed names',
  builder: (y) =>
    treeFlags(
      y.positional('path', {
        type: 'string',
        default: '.',
        describe: 'entry config or deployment folder; - reads stdin',
      }),
      { root: 'root of the checkout: nothing outside it is read (default: git work tree)' },
    )
      .option('config', {
        alias: 'c',
        type: 'string',
        describe: 'project config file, for its pathMap and nginx settings',
      })
      .option('format', { choices: ['text', 'json'], default: 'text', describe: 'output format' })
      .option('unprivileged', {
        type: 'boolean',
        describe: 'nginx starts as a normal user: a server without listen takes *:8000',
      }),
  run: async (argv) => {
    const { runSockets } = await import('../../nginx/sockets-command.js');
    const path = String(argv.path ?? '.');

    return runSockets({
      ...treeOptionsOf(argv),
      path,
      format: argv.format === 'json' ? 'json' : 'text',
      asRoot: !argv.unprivileged,
      cwd: process.cwd(),
      stdin: path === '-' ? readFileSync(0) : undefined,
    });
  },
};
