// Reported by the suppression stage (src/suppress): a suppression that hides nothing is stale
// and would hide a future finding nobody has seen. --fix removes a wholly unused one.
import { defineRule } from '../src/engine/define.js';

export default defineRule({
  id: 'NGX903',
  name: 'unused-suppression',
  description: 'Disallow suppression comments that suppress no finding',
  severity: 'warning',
  tags: ['suppression'],
  messages: {
    unused:
      '"ngxlint-{{kind}} {{name}}" suppresses nothing, expected a "{{name}}" finding {{where}}',
    unmatchedEnable:
      '"ngxlint-enable {{name}}" ends no suppression, expected "ngxlint-disable {{name}}" above it',
  },
  create: () => ({}),
});
