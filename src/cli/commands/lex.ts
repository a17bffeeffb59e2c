import type { CommandSpec } from '../command.js';

/** `ngxlint lex FILE`: the token stream, as crossplane's `lex` prints it. */
export const lexCommand: CommandSpec = {
  command: 'lex <file>',
  describe: 'Print the tokens of one config file as JSON',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'the config file, or - for stdin' })
      .option('line-numbers', {
        alias: 'n',
        type: 'boolean',
        describe: 'pair each token with its line',
      })
      .option('indent', { alias: 'i', type: 'number', describe: 'indent the JSON by N spaces' })
      .option('out', {
        alias: ['o', 'output'],
        type: 'string',
        describe: 'write the tokens to FILE',
      }),
  run: async (argv) => {
    const { runLex } = await import('../../payload/commands.js');

    return runLex(argv);
  },
};
