import type { Directive, Node, ParsedConfig } from './tree.js';

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

/**
 * Visits every directive reachable from the entry file in document order, descending into
 * blocks and through includes; a file included twice is visited in each place.
 */
export function walkConfig(config: ParsedConfig, visit: DirectiveVisitor): void {
  const entry = config.files[0];

  if (!entry) return;

  const path: WalkPath = { ancestors: [], includeChain: [], context: [...config.entryContext] };

  walkNodes(config, entry.nodes, path, visit, new Set([0]));
}

function walkNodes(
  config: ParsedConfig,
  nodes: Node[],
  path: WalkPath,
  visit: DirectiveVisitor,
  open: Set<number>,
): void {
  for (const node of nodes) {
    if (node.kind !== 'directive') continue;

    visit(node, path);

    if (node.block) {
      const inner: WalkPath = {
        ancestors: [...path.ancestors, node],
        includeChain: path.includeChain,
        context: [...path.context, node.name],
      };

      walkNodes(config, node.block, inner, visit, open);
    }

    for (const index of node.includes ?? []) {
      const file = config.files[index];

      // The parser reports include cycles; the walk just refuses to loop.
      if (!file || open.has(index)) continue;

      open.add(index);
      walkNodes(
        config,
        file.nodes,
        { ...path, includeChain: [...path.includeChain, node] },
        visit,
        open,
      );
      open.delete(index);
    }
  }
}
