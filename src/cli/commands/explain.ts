import type { CommandSpec } from '../command.js';
import { UsageError } from '../errors.js';
import { EXIT_OK } from '../exit-codes.js';

/** `ngxlint explain NAME`: a rule's documentation page (by code or name), else a directive's
 * reference (syntax, default, contexts, description, nginx.org link). */
export const explainCommand: CommandSpec = {
  command: 'explain <rule>',
  describe: "Print a rule's documentation (by code or name) or an nginx directive's reference",
  builder: (y) =>
    y.positional('rule', {
      type: 'string',
      describe: 'code (NGX301), name (single-listen-80) or directive (proxy_pass)',
    }),
  run: async (argv) => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { findRule, rulesOf } = await import('../../engine/define.js');
    const { packageRoot } = await import('../../package-root.js');
    const rules = rulesOf(await import('../../../rules/index.js'));
    const wanted = String(argv.rule);
    const rule = findRule(rules, wanted);

    if (rule) {
      process.stdout.write(
        readFileSync(join(packageRoot(), 'docs', 'rules', `${rule.id}.md`), 'utf8'),
      );

      return EXIT_OK;
    }

    // Not a rule: a directive, as nginx.org documents it (the package loads on this path only).
    const { explainDirective } = await import('../../nginx/reference.js');
    const { loadTable } = await import('../../nginx/table.js');
    const table = loadTable();
    const text = await explainDirective(wanted, table);

    if (!text) {
      const { suggestDirectives } = await import('../../nginx/suggest.js');
      const near = suggestDirectives(wanted, table).map((n) => `"${n}"`);

      throw new UsageError(
        `unknown rule or directive "${wanted}", expected a rule code (NGX301), a rule name ` +
          `(single-listen-80) or an nginx directive (proxy_pass)${
            near.length ? `; did you mean ${near.join(' or ')}?` : ''
          }`,
      );
    }

    process.stdout.write(text);

    return EXIT_OK;
  },
};
