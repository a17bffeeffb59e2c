import type { CommandSpec } from '../command.js';

/** `ngxlint parse FILE`: crossplane's JSON payload, with crossplane's flags. */
export const parseCommand: CommandSpec = {
  command: 'parse <file>',
  describe: "Print a config tree as crossplane's JSON payload (exit 1 when it failed)",
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'the main config file, or - for stdin' })
      .option('single-file', { type: 'boolean', describe: 'do not follow includes' })
      .option('include-comments', { type: 'boolean', describe: 'list comments in the payload' })
      .option('combine', { type: 'boolean', describe: 'inline includes into one config' })
      .option('ignore', { type: 'string', describe: 'directives to leave out (comma-separated)' })
      .option('strict', { type: 'boolean', describe: 'report unknown directives' })
      .option('indent', { alias: 'i', type: 'number', describe: 'indent the JSON by N spaces' })
      .option('out', {
        alias: ['o', 'output'],
        type: 'string',
        describe: 'write the payload to FILE',
      })
      .option('positions', { type: 'boolean', describe: 'add column, endLine and endColumn' })
      .option('prefix', { type: 'string', describe: 'folder relative includes resolve against' })
      .option('stdin-filename', { type: 'string', describe: 'name for the config read from -' }),
  run: async (argv) => {
    const { runParse } = await import('../../payload/commands.js');

    return runParse(argv);
  },
};
