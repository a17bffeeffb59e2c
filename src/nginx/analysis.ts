// One pass over a parsed config that finds what nginx's configuration reader would reject:
// unknown directives, directives out of context, wrong endings and argument counts, and
// settings given twice in one block. Rules NGX010–NGX016 read its result; a config is
// analysed once per target.
import { basename } from 'node:path';
import type { Directive, ParsedConfig } from '../syntax/tree.js';
import { walkConfig, walkListOf, type WalkPath } from '../syntax/walk.js';
import { checkDirective, firstApplicable, type DirectiveProblem } from './check.js';
import { contextOf, type NginxContext } from './context.js';
import { loadTable, type DirectiveSpec, type DirectiveTable, type NginxTarget } from './table.js';
import { getOrAdd } from '../memo.js';

export interface DirectiveIssue {
  directive: Directive;
  path: WalkPath;
  ctx: NginxContext;
  problem: DirectiveProblem | { kind: 'duplicate'; first: Directive } | LoadedLater | Unverifiable;
  /** The same directive, reached earlier through other includes, was fine there. */
  fineBefore?: WalkPath;
}

/** A name no table knows, in a config that loads a module ngxlint has no table for. */
export interface Unverifiable {
  kind: 'unverifiable';
  loadModule: Directive;
}

export interface LoadedLater {
  kind: 'loaded-later';
  loadModule: Directive;
}

export interface Analysis {
  table: DirectiveTable;
  issues: DirectiveIssue[];
}

/** Handlers that refuse a second value in the same block (`"x" directive is duplicate`). */
const DUPLICATE_SLOTS = new Set([
  'ngx_conf_set_flag_slot',
  'ngx_conf_set_str_slot',
  'ngx_conf_set_num_slot',
  'ngx_conf_set_size_slot',
  'ngx_conf_set_off_slot',
  'ngx_conf_set_msec_slot',
  'ngx_conf_set_sec_slot',
  'ngx_conf_set_bufs_slot',
  'ngx_conf_set_enum_slot',
  'ngx_http_proxy_pass',
  'ngx_http_fastcgi_pass',
  'ngx_http_uwsgi_pass',
  'ngx_http_scgi_pass',
  'ngx_http_grpc_pass',
  'ngx_http_memcached_pass',
  'ngx_stream_proxy_pass',
]);

const cache = new WeakMap<ParsedConfig, Map<string, Analysis>>();

/** The analysis of `config` for `target`, computed once. */
export function analyzeConfig(config: ParsedConfig, target: NginxTarget = {}): Analysis {
  const byTarget = getOrAdd(cache, config, () => new Map<string, Analysis>());

  return getOrAdd(byTarget, JSON.stringify(target), () => analyze(config, loadTable(target)));
}

/** The shared object file a module is loaded from by `load_module`. */
function sharedObjectOf(spec: DirectiveSpec): string {
  if (spec.provider === 'nginx' && spec.module.startsWith('ngx_stream_'))
    return 'ngx_stream_module';
  if (spec.provider === 'nginx' && spec.module.startsWith('ngx_mail_')) return 'ngx_mail_module';

  return spec.module.replace(/_core_module$/, '_module');
}

function analyze(config: ParsedConfig, table: DirectiveTable): Analysis {
  const issues: DirectiveIssue[] = [];
  const loads = new Map<string, { directive: Directive; order: number }>();
  // Only a file the walk enters twice can bring one directive twice; the rest need no record
  // of where they were fine (keying a Map by every directive cost a tenth of a lint).
  const { directives, reentered: repeated } = walkListOf(config);

  for (let i = 0; i < directives.length; i++) {
    const d = directives[i];

    if (d.name === 'load_module' && d.args.length === 1) {
      const so = basename(d.args[0].value).replace(/\.so$/, '');

      // `order` counts from 1 in walk order, as the walk below does.
      if (!loads.has(so)) loads.set(so, { directive: d, order: i + 1 });
    }
  }

  const foreign = [...loads].find(([so]) => !table.moduleNames.has(so))?.[1].directive;
  const fine = new Map<Directive, WalkPath>();
  const blocks = new Map<object, Map<string, Directive>>();
  let order = 0;

  // Siblings share their path: their context and parent are worked out once.
  let lastPath: WalkPath | undefined;
  let ctx = contextOf([]);
  let parent: object = config;

  walkConfig(config, (directive, path) => {
    order++;

    if (path !== lastPath) {
      lastPath = path;
      ctx = contextOf(path.context);
      // One visit of the enclosing block: its ancestors array, made once per visit. A snippet
      // of locations included into two servers is two blocks to nginx, not one block twice.
      parent = path.ancestors;
    }
    let problem: DirectiveIssue['problem'] | undefined = checkDirective(directive, ctx, table);

    // A module ngxlint has no table for may provide the name: say so instead of "unknown".
    if (problem?.kind === 'unknown' && !problem.reason && foreign) {
      problem = { kind: 'unverifiable', loadModule: foreign };
    }

    if (!problem && ctx.type !== 'BODY' && ctx.type !== 'UNKNOWN') {
      const spec = firstApplicable(table.lookup(directive.name), ctx);
      const load = spec && spec.provider !== 'nginx' ? loads.get(sharedObjectOf(spec)) : undefined;

      if (load && load.order > order) {
        problem = { kind: 'loaded-later', loadModule: load.directive };
      } else if (spec?.set && DUPLICATE_SLOTS.has(spec.set)) {
        problem = duplicateOf(blocks, parent, directive);
      }
    }

    if (!problem) {
      if (repeated.has(directive.file) && !fine.has(directive)) fine.set(directive, path);

      return;
    }

    issues.push({
      directive,
      path,
      ctx,
      problem,
      fineBefore: repeated.has(directive.file) ? fine.get(directive) : undefined,
    });
  });

  return { table, issues };
}

function duplicateOf(
  blocks: Map<object, Map<string, Directive>>,
  parent: object,
  directive: Directive,
): DirectiveIssue['problem'] | undefined {
  let seen = blocks.get(parent);

  if (!seen) {
    seen = new Map();
    blocks.set(parent, seen);
  }

  const first = seen.get(directive.name);

  // A snippet included twice into one block repeats its directives there: nginx rejects that too.
  if (first) return { kind: 'duplicate', first };

  seen.set(directive.name, directive);

  return undefined;
}
