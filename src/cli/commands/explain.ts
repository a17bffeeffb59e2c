import type { CommandSpec } from '../command.js';
import { UsageError } from '../errors.js';
import { EXIT_OK } from '../exit-codes.js';

/** `ngxlint explain NAME`: the rule's documentation page, by code or name. */
export const explainCommand: CommandSpec = {
  command: 'explain <rule>',
  describe: "Print a rule's documentation (by code or name)",
  builder: (y) => y.positional('rule', { type: 'string', describe: 'code (NGX301) or name (single-listen-80)' }),
  run: async (argv) => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { findRule, rulesOf } = await import('../../engine/define.js');
    const { packageRoot } = await import('../../package-root.js');
    const rules = rulesOf(await import('../../../rules/index.js'));
    const wanted = String(argv.rule);
    const rule = findRule(rules, wanted);

    if (!rule) throw new UsageError(`unknown rule "${wanted}" (see ngxlint rules for codes and names)`);

    process.stdout.write(readFileSync(join(packageRoot(), 'docs', 'rules', `${rule.id}.md`), 'utf8'));

    return EXIT_OK;
  },
};
