// The directive table plugged into crossplane's payload (src/payload): crossplane drops a
// directive that fails its analysis from `parsed` and lists the error. The checks are nginx's
// (src/nginx/check.ts): where crossplane's own table disagrees with nginx, the payload follows
// nginx (Lua directives, `resolver` in `upstream`, NGINX Plus names). After a rejection the
// payload builder reads on as crossplane does (src/payload/steps.ts).
import type { Analyzer } from '../payload/crossplane.js';
import { checkDirective, problemMessage } from './check.js';
import { contextOf } from './context.js';
import { loadTable } from './table.js';

/** crossplane checks a name's existence only with --strict; context and arguments always. */
export const analyze: Analyzer = (directive, context, options) => {
  const problem = checkDirective(directive, contextOf(context), loadTable());

  if (!problem) return null;
  if (problem.kind === 'unknown' && !options.strict) return null;

  return { message: problemMessage(problem, directive.name) };
};
