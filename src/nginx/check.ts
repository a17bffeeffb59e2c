// What nginx's ngx_conf_handler decides for one directive, in its order: is the name known, is
// it allowed in this context, is it ended the right way (`;` or `{`), does it have a number of
// arguments its mask accepts. Messages are nginx's own words (src/core/ngx_conf_file.c).
import type { Directive } from '../syntax/tree.js';
import type { NginxContext } from './context.js';
import type { DirectiveSpec, DirectiveTable, UnknownReason } from './table.js';
import { getOrAdd } from '../memo.js';

export type DirectiveProblem =
  | { kind: 'unknown'; reason?: UnknownReason }
  | { kind: 'not-allowed' }
  | { kind: 'no-opening' }
  | { kind: 'not-terminated' }
  | { kind: 'arguments' }
  | { kind: 'flag'; value: string };

const TAKE = ['NOARGS', 'TAKE1', 'TAKE2', 'TAKE3', 'TAKE4', 'TAKE5', 'TAKE6', 'TAKE7'];
const MAX_ARGS = 8;

/** `*_by_lua_block` bodies come from the lexer as one last argument (the Lua source between the
 * braces, without them), and no block. */
export function luaBody(directive: Directive): boolean {
  return (
    directive.name.endsWith('_by_lua_block') &&
    directive.block === undefined &&
    directive.args.length > 0
  );
}

// Specs and contexts are few and long-lived (contextOf hands out one object per context).
const firstSpecs = new WeakMap<readonly DirectiveSpec[], Map<NginxContext, DirectiveSpec | null>>();

/** The first of `applicable(specs, ctx)`, remembered per (specs, context). */
export function firstApplicable(
  specs: readonly DirectiveSpec[],
  ctx: NginxContext,
): DirectiveSpec | undefined {
  const byContext = getOrAdd(
    firstSpecs,
    specs,
    () => new Map<NginxContext, DirectiveSpec | null>(),
  );

  // null stands for "none applies", remembered like a spec.
  return getOrAdd(byContext, ctx, () => applicable(specs, ctx)[0] ?? null) ?? undefined;
}

/** The specs that apply in a context: the module type matches and the context bit is set. */
export function applicable(specs: readonly DirectiveSpec[], ctx: NginxContext): DirectiveSpec[] {
  return specs.filter(
    (s) =>
      (s.type === ctx.type || s.type === 'CONF') &&
      (s.contexts.includes(ctx.mask) || s.contexts.includes('ANY')),
  );
}

/** nginx's argument-count test: FLAG takes one, 1MORE/2MORE at least that, else the TAKEn bits. */
export function argumentsFit(spec: DirectiveSpec, count: number): boolean {
  const args = spec.args;

  if (args.includes('ANY')) return true;
  if (args.includes('FLAG')) return count === 1;
  if (args.includes('1MORE')) return count >= 1;
  if (args.includes('2MORE')) return count >= 2;
  if (count >= MAX_ARGS) return false;

  return args.includes(TAKE[count]);
}

/** The first problem nginx would report for `directive` in `ctx`, or undefined. */
export function checkDirective(
  directive: Directive,
  ctx: NginxContext,
  table: DirectiveTable,
): DirectiveProblem | undefined {
  if (ctx.type === 'BODY' || ctx.type === 'UNKNOWN') return undefined;

  const specs = table.lookup(directive.name);

  if (specs.length === 0) return { kind: 'unknown', reason: table.whyUnknown(directive.name) };

  const spec = firstApplicable(specs, ctx);

  if (!spec) return { kind: 'not-allowed' };

  const lua = luaBody(directive);
  const hasBlock = directive.block !== undefined || lua;

  if (!spec.block && hasBlock) return { kind: 'not-terminated' };
  if (spec.block && !hasBlock) return { kind: 'no-opening' };

  const count = directive.args.length - (lua ? 1 : 0);

  if (!argumentsFit(spec, count)) return { kind: 'arguments' };

  if (spec.set === 'ngx_conf_set_flag_slot') {
    const value = directive.args[0].value.toLowerCase();

    if (value !== 'on' && value !== 'off') return { kind: 'flag', value: directive.args[0].value };
  }

  return undefined;
}

/** nginx's wording for a problem. */
export function problemMessage(problem: DirectiveProblem, name: string): string {
  switch (problem.kind) {
    case 'unknown':
      return `unknown directive "${name}"`;
    case 'not-allowed':
      return `"${name}" directive is not allowed here`;
    case 'no-opening':
      return `directive "${name}" has no opening "{"`;
    case 'not-terminated':
      return `directive "${name}" is not terminated by ";"`;
    case 'arguments':
      return `invalid number of arguments in "${name}" directive`;
    case 'flag':
      return `invalid value "${problem.value}" in "${name}" directive, it must be "on" or "off"`;
  }
}
