import type { CommandSpec } from '../command.js';

/** `ngxlint sockets [PATH]`: which servers, names and default server each address:port gets. */
export const socketsCommand: CommandSpec = {
  command: 'sockets [path]',
  describe: 'Show per address:port the servers, their names, the default and shadowed names',
  builder: (y) =>
    y
      .positional('path', {
        type: 'string',
        default: '.',
        describe: 'entry config or deployment folder',
      })
      .option('format', { choices: ['text', 'json'], default: 'text', describe: 'output format' })
      .option('prefix', { type: 'string', describe: 'folder relative includes resolve against' })
      .option('unprivileged', {
        type: 'boolean',
        describe: 'nginx starts as a normal user: a server without listen takes *:8000',
      }),
  run: async (argv) => {
    const { runSockets } = await import('../../nginx/sockets-command.js');

    return runSockets({
      path: String(argv.path ?? '.'),
      format: argv.format === 'json' ? 'json' : 'text',
      prefix: argv.prefix as string | undefined,
      asRoot: !argv.unprivileged,
      cwd: process.cwd(),
    });
  },
};
