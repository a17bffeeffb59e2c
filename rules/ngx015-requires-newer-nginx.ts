// A directive the target release does not have yet: nginx -t on the target says `unknown
// directive "x"`; the message names the release that brings it.
import { defineRule } from '../src/engine/define.js';
import { reportIssues } from '../src/nginx/report.js';

export default defineRule({
  id: 'NGX015',
  name: 'requires-newer-nginx',
  description: 'Disallow directives newer than the target nginx release',
  severity: 'error',
  tags: ['nginx-t', 'directives', 'version'],
  messages: {
    newer:
      'unknown directive "{{name}}": it requires nginx {{since}}, the target is {{version}}{{via}}',
  },
  create: (context) => ({
    config: (config) =>
      reportIssues(context, config, ['unknown'], (issue) => {
        const p = issue.problem;

        if (p.kind !== 'unknown' || p.reason?.kind !== 'newer') return undefined;

        return { messageId: 'newer', data: { since: p.reason.since } };
      }),
  }),
});
