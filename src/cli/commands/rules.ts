import type { CommandSpec } from '../command.js';
import { EXIT_OK } from '../exit-codes.js';

/** `ngxlint rules`: every registered rule, from the one registry. */
export const rulesCommand: CommandSpec = {
  command: 'rules',
  describe: 'List every rule: code, name, default severity, description',
  builder: (y) => y.option('json', { type: 'boolean', describe: 'print the list as JSON' }),
  run: async (argv) => {
    const { rulesOf } = await import('../../engine/define.js');
    const rules = rulesOf(await import('../../../rules/index.js'));

    if (argv.json) {
      const list = rules.map(({ id, name, severity, description, tags }) => ({
        id,
        name,
        severity,
        description,
        tags,
      }));

      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);

      return EXIT_OK;
    }

    const width = Math.max(...rules.map((r) => r.name.length));

    for (const r of rules) {
      process.stdout.write(
        `${r.id}  ${r.name.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.description}\n`,
      );
    }

    return EXIT_OK;
  },
};
