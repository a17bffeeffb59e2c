// Reported by the suppression stage (src/suppress): a suppression must name rules that exist,
// or a typo would let the finding it meant to hide show anyway, with no hint why.
import { defineRule } from '../src/engine/define.js';

export default defineRule({
  id: 'NGX902',
  name: 'suppression-unknown-rule',
  description: 'Disallow suppression comments that name no rule of ngxlint',
  severity: 'warning',
  tags: ['suppression'],
  messages: {
    unknownRule:
      'suppression names "{{name}}", expected a rule code such as "NGX301" or a name such as "single-listen-80"{{near}}',
    noRule: '"ngxlint-{{kind}}" names no rule, expected a rule code or name before "--"',
  },
  create: () => ({}),
});
