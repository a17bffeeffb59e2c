// nginx's `no "events" section in configuration`: a configuration nginx is started on needs an
// `events {}` block in its main context, even an empty one. Only an entry read in the main
// context is checked (a site fragment lives inside http), and not when an include at the top
// could not be read (it may hold the block) or the top holds what only http may (a site file).
import { defineRule } from '../src/engine/define.js';
import { anchorOf } from '../src/engine/runner.js';
import { analyzeConfig } from '../src/nginx/analysis.js';
import { targetOf } from '../src/nginx/report.js';
import { walkListOf } from '../src/syntax/walk.js';

export default defineRule({
  id: 'NGX017',
  name: 'events-missing',
  description: 'Require an events block in the main context of an entry config',
  severity: 'error',
  tags: ['nginx-t', 'directives'],
  messages: {
    missing:
      'no "events" section in configuration, expected "events {}" in the main context of {{file}}',
  },
  create: (context) => ({
    config(config) {
      const entry = config.files[0];

      if (!entry || config.entryContext.length > 0) return;

      const { directives, paths } = walkListOf(config);
      const top = new Set(directives.filter((_, i) => paths[i].ancestors.length === 0));

      if ([...top].some((d) => d.name === 'events')) return;
      if (config.errors.some((e) => e.include !== undefined && top.has(e.include))) return;

      // A top level nginx refuses (`server` outside http: NGX011) is a site file read in the
      // main context; the note on stderr already says to give it a context.
      const { issues } = analyzeConfig(config, targetOf(context.project));

      if (issues.some((i) => i.problem.kind === 'not-allowed' && top.has(i.directive))) return;

      const first = entry.nodes.find((n) => n.kind === 'directive');

      context.report({
        messageId: 'missing',
        data: { file: context.relativePath(entry.path) },
        location: first
          ? anchorOf(first)
          : { file: entry.path, line: 1, column: 1, endLine: 1, endColumn: 1 },
      });
    },
  }),
});
