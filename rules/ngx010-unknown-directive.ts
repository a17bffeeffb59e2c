// nginx's `unknown directive "x"`: the name is in no module of the target build. When ngxlint
// knows why (removed from nginx, a module left out of nginx.modules, a module loaded later by
// load_module) the message says so. A directive that is only too new is NGX015's.
import { defineRule } from '../src/engine/define.js';
import { anchorOf } from '../src/engine/runner.js';
import { reportIssues, targetOf, type IssueReport } from '../src/nginx/report.js';
import { didYouMean } from '../src/nginx/suggest.js';

export default defineRule({
  id: 'NGX010',
  name: 'unknown-directive',
  description: 'Disallow directives that no module of the target nginx build provides',
  severity: 'error',
  tags: ['nginx-t', 'directives'],
  messages: {
    unknown: 'unknown directive "{{name}}"{{suggestion}}{{via}}',
    removed:
      'unknown directive "{{name}}": nginx {{removed}} removed it, the target is {{version}}{{via}}',
    module:
      'unknown directive "{{name}}": {{title}} provides it{{packages}}, and nginx.modules leaves it out{{via}}',
    unverifiable:
      'directive "{{name}}" not checked: no module ngxlint knows provides it, and "load_module" at {{load}} loads one it has no table for{{via}}',
    loadedLater:
      'unknown directive "{{name}}": its module is loaded only later, by "load_module" at {{load}}{{via}}',
  },
  create: (context) => ({
    config: (config) =>
      reportIssues(
        context,
        config,
        ['unknown', 'loaded-later', 'unverifiable'],
        (issue): IssueReport | undefined => {
          const p = issue.problem;

          if (p.kind === 'loaded-later' || p.kind === 'unverifiable') {
            const at = `${context.relativePath(p.loadModule.file)}:${p.loadModule.line}`;

            return {
              ...(p.kind === 'unverifiable' ? { severity: 'info' as const } : {}),
              messageId: p.kind === 'loaded-later' ? 'loadedLater' : 'unverifiable',
              data: { load: at },
              related: [{ ...anchorOf(p.loadModule), message: 'the module is loaded here' }],
            };
          }

          if (p.kind !== 'unknown') return undefined;

          const reason = p.reason;
          if (reason?.kind === 'newer') return undefined;
          if (reason?.kind === 'removed') {
            return { messageId: 'removed', data: { removed: reason.removed } };
          }

          if (reason?.kind === 'module') {
            const packages = reason.packages.length
              ? ` (Debian: ${reason.packages.join(', ')})`
              : '';

            return { messageId: 'module', data: { title: reason.title, packages } };
          }

          const suggestion = didYouMean(issue.directive.name, targetOf(context.project));

          return { messageId: 'unknown', data: { suggestion } };
        },
      ),
  }),
});
