import type { Directive, Node, ParsedConfig } from './tree.js';
import { getOrAdd } from '../memo.js';

/** Where a directive sits when it is reached: its enclosing blocks and the includes on the way. */
export interface WalkPath {
  /** Enclosing block directives, outermost first (includes are not blocks). */
  ancestors: Directive[];
  /** The include directives that brought the directive's file in, outermost first. */
  includeChain: Directive[];
  /** Names of the enclosing blocks, entry context included: ['http', 'server']. */
  context: string[];
}

export type DirectiveVisitor = (directive: Directive, path: WalkPath) => void;

/** A config's walk written down: the directives in visiting order and the path of each. */
export interface WalkList {
  directives: Directive[];
  paths: WalkPath[];
  /** Files the walk went through more than once (included from two places). */
  reentered: Set<string>;
}

// Rules, the directive analysis and the socket model all walk each config; the walk is taken
// once and replayed. A parsed config is not changed after parsing, so the record stays true.
const walks = new WeakMap<ParsedConfig, WalkList>();

/**
 * Visits every directive reachable from the entry file in document order, descending into
 * blocks and through includes; a file included twice is visited in each place. Siblings share
 * one WalkPath object, which is never changed afterwards: visitors may keep it.
 */
export function walkConfig(config: ParsedConfig, visit: DirectiveVisitor): void {
  const { directives, paths } = walkListOf(config);

  for (let i = 0; i < directives.length; i += 1) visit(directives[i], paths[i]);
}

/** The walk of `config` as two parallel lists, taken once per config. */
export function walkListOf(config: ParsedConfig): WalkList {
  let list = walks.get(config);

  if (!list) {
    list = { directives: [], paths: [], reentered: new Set() };

    const entry = config.files[0];

    if (entry) {
      const path: WalkPath = { ancestors: [], includeChain: [], context: [...config.entryContext] };

      walkNodes(config, entry.nodes, path, list, new Set([0]), new Set([0]));
    }

    walks.set(config, list);
  }

  return list;
}

// Thousands of blocks sit in the same few contexts (http > server > location): one array for
// each, found from the (shared) array around it, which callers only read.
const innerContexts = new WeakMap<readonly string[], Map<string, string[]>>();

function sharedContext(outer: string[], name: string): string[] {
  const byName = getOrAdd(innerContexts, outer, () => new Map<string, string[]>());

  return getOrAdd(byName, name, () => outer.concat(name));
}

function walkNodes(
  config: ParsedConfig,
  nodes: Node[],
  path: WalkPath,
  list: WalkList,
  open: Set<number>,
  entered: Set<number>,
): void {
  for (const node of nodes) {
    if (node.kind !== 'directive') continue;

    list.directives.push(node);
    list.paths.push(path);

    if (node.block) {
      // concat, not spread: a spread array keeps room for 16 items, 14 MB at 300k lines.
      const inner: WalkPath = {
        ancestors: path.ancestors.concat(node),
        includeChain: path.includeChain,
        context: sharedContext(path.context, node.name),
      };

      walkNodes(config, node.block, inner, list, open, entered);
    }

    if (!node.includes) continue;

    for (const index of node.includes) {
      const file = config.files[index];

      // The parser reports include cycles; the walk just refuses to loop.
      if (!file || open.has(index)) continue;

      if (entered.has(index)) list.reentered.add(file.path);
      else entered.add(index);

      open.add(index);
      walkNodes(
        config,
        file.nodes,
        { ...path, includeChain: path.includeChain.concat(node) },
        list,
        open,
        entered,
      );
      open.delete(index);
    }
  }
}
