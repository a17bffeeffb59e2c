// tree-sitter parsers for bash and Python, loaded only when a script or an entry point exists:
// web-tree-sitter and its grammars are WebAssembly that take a moment to start.
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import type { Language, Node, Parser, Tree } from 'web-tree-sitter';

export type { Node, Parser, Tree };
export type GrammarName = 'bash' | 'python';

// Liftoff (V8's baseline wasm compiler) only: tier-up to TurboFan for the 1.3 MB bash grammar
// held the main thread for about 0.6 s per run, far more than our few short scripts gain.
v8.setFlagsFromString('--liftoff-only');

const require = createRequire(import.meta.url);
const parsers = new Map<GrammarName, Promise<Parser>>();
const languages = new Map<GrammarName, Language>();
let ParserClass: typeof Parser | undefined;

/** A parser for the grammar, created once per process. */
export function loadParser(name: GrammarName): Promise<Parser> {
  let parser = parsers.get(name);

  if (!parser) {
    parser = createParser(name);
    parsers.set(name, parser);
  }

  return parser;
}

async function createParser(name: GrammarName): Promise<Parser> {
  const module = await import('web-tree-sitter');

  await module.Parser.init();
  ParserClass = module.Parser;

  const wasm = require.resolve(`tree-sitter-${name}/tree-sitter-${name}.wasm`);
  const language = await module.Language.load(wasm);
  const parser = new module.Parser();

  languages.set(name, language);
  parser.setLanguage(language);

  return parser;
}

/**
 * A fresh parser for a loaded grammar, which also replaces the cached one. A fault inside the
 * WebAssembly parser ("memory access out of bounds") can leave the old instance unusable.
 */
export function renewParser(name: GrammarName, old?: Parser): Parser | undefined {
  const language = languages.get(name);

  if (!language || !ParserClass) return undefined;

  try {
    old?.delete();
  } catch {
    // Deleting a broken instance may fault again; the new one does not depend on it.
  }

  const parser = new ParserClass();

  parser.setLanguage(language);
  parsers.set(name, Promise.resolve(parser));

  return parser;
}

/** The first node deeper than `limit` below the root, found without recursion. */
export function nodeBelowDepth(tree: Tree, limit: number): Node | undefined {
  if (tree.rootNode.descendantCount <= limit) return undefined;

  const cursor = tree.walk();
  let depth = 0;

  try {
    for (;;) {
      if (cursor.gotoFirstChild()) {
        depth++;

        if (depth > limit) return cursor.currentNode;

        continue;
      }

      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;

        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** The first ERROR or MISSING node of a tree, narrowed to its first bad token. */
export function firstSyntaxError(node: Node): Node | undefined {
  if (!node.hasError) return undefined;

  if (node.type === 'ERROR' || node.isMissing) {
    // An ERROR node may wrap good statements: point at its first bad part when it has one.
    const inner = node.children.find((c) => c && (c.type === 'ERROR' || c.isMissing || c.hasError));

    return (inner && firstSyntaxError(inner)) ?? node;
  }

  for (const child of node.children) {
    const found = child && firstSyntaxError(child);

    if (found) return found;
  }

  return undefined;
}
