import type { CommandSpec } from '../command.js';

/** `ngxlint format FILE`: the file written back with standard indentation, comments kept. */
export const formatCommand: CommandSpec = {
  command: 'format <file>',
  describe: 'Print one config file with standard indentation',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'the config file, or - for stdin' })
      .option('indent', { alias: 'i', type: 'number', describe: 'indent by N spaces (default 4)' })
      .option('tabs', { alias: 't', type: 'boolean', describe: 'indent with tabs' })
      .option('out', {
        alias: ['o', 'output'],
        type: 'string',
        describe: 'write the result to FILE',
      }),
  run: async (argv) => {
    const { runFormat } = await import('../../payload/commands.js');

    return runFormat(argv);
  },
};
