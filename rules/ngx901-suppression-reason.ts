// Reported by the suppression stage (src/suppress), not during the walk: a suppression
// comment must say why, after `--`, so a reviewer can judge it.
import { defineRule } from '../src/engine/define.js';

export default defineRule({
  id: 'NGX901',
  name: 'suppression-reason',
  description: 'Require a reason after "--" in every ngxlint-disable comment',
  severity: 'warning',
  tags: ['suppression'],
  messages: {
    missingReason:
      'suppression of "{{names}}" gives no reason, expected "-- reason" after the rule',
  },
  create: () => ({}),
});
