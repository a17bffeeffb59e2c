// Python modules read with tree-sitter-python: the app's entry point (`uvicorn.run(host=…,
// port=…)`, the environment it reads, `load_dotenv()`) and gunicorn.conf.py (`bind = …`).
// Values are kept as small expressions so a launcher can evaluate them with its environment.
import type { Node, Tree } from './grammar.js';
import { firstSyntaxError } from './grammar.js';
import type { DeployProblem, EntryPoint, PyValue } from './types.js';
import type { Location } from '../engine/types.js';
import type { FileText } from './text.js';

interface Scope {
  file: FileText;
  /** Local names bound to os.environ, os.getenv, uvicorn.run, load_dotenv … */
  aliases: Map<string, string>;
  assignments: Array<{ name: string; at: number; value: Node }>;
  entry: EntryPoint;
  /** The first keyword given twice in one call, which CPython refuses to compile. */
  repeated?: Node;
}

/** Reads a parsed module (and deletes its tree); a syntax error is a problem, the rest is read. */
export function readPythonModule(
  tree: Tree,
  file: FileText,
): { entry: EntryPoint; problems: DeployProblem[] } {
  const problems: DeployProblem[] = [];
  const entry: EntryPoint = { path: file.file, reads: [], assignments: new Map() };

  const scope: Scope = { file, aliases: defaultAliases(), assignments: [], entry };

  visit(tree.rootNode, scope, false, true);

  const problem = syntaxProblem(file, firstSyntaxError(tree.rootNode), scope.repeated);

  if (problem) problems.push(problem);

  for (const assignment of scope.assignments) {
    entry.assignments.set(assignment.name, evaluate(assignment.value, scope));
  }

  tree.delete();

  return { entry, problems };
}

/**
 * What CPython refuses first: a parse error, else a keyword given twice in one call, which
 * tree-sitter takes and CPython finds only after parsing (`keyword argument repeated`).
 */
function syntaxProblem(
  file: FileText,
  error: Node | undefined,
  repeated: Node | undefined,
): DeployProblem | undefined {
  const node = error ?? repeated;

  if (!node) return undefined;

  let message = `keyword argument repeated: ${node.childForFieldName('name')?.text ?? ''}`;

  if (error) message = error.isMissing ? `missing "${error.type}"` : 'invalid Python syntax';

  return {
    kind: 'parse',
    message,
    location: file.location(node.startIndex, Math.max(node.endIndex, node.startIndex + 1)),
    fileKind: 'python',
  };
}

function defaultAliases(): Map<string, string> {
  return new Map([
    ['os.environ', 'environ'],
    ['os.getenv', 'getenv'],
    ['os.environ.get', 'getenv'],
    ['uvicorn.run', 'run'],
    ['uvicorn.Config', 'run'],
    ['dotenv.load_dotenv', 'load_dotenv'],
  ]);
}

/** `atImport`: the node runs when the module is imported (not in a function, nor under the
 * `__main__` guard; a class body runs at import). */
function visit(node: Node, scope: Scope, underMain: boolean, atImport: boolean): void {
  switch (node.type) {
    case 'import_from_statement':
      recordImport(node, scope);
      break;
    case 'assignment': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');

      if (left?.type === 'identifier' && right) {
        scope.assignments.push({ name: left.text, at: node.startIndex, value: right });
      }

      break;
    }
    case 'call':
      recordCall(node, scope, underMain);
      if (atImport) scope.entry.runsOnImport ??= startsServer(node, scope);
      break;
    case 'function_definition':
    case 'lambda':
      for (const child of node.namedChildren) if (child) visit(child, scope, underMain, false);

      return;
    case 'argument_list':
      scope.repeated ??= repeatedKeyword(node);
      break;
    case 'subscript':
      if (callee(node.childForFieldName('value'), scope) === 'environ') {
        const key = stringValue(node.childForFieldName('subscript'));

        if (key !== undefined) scope.entry.reads.push({ name: key, location: at(node, scope) });
      }

      break;
    case 'if_statement':
      if (isMainGuard(node.childForFieldName('condition'))) {
        for (const child of node.namedChildren) if (child) visit(child, scope, true, false);

        return;
      }

      break;
  }

  for (const child of node.namedChildren) if (child) visit(child, scope, underMain, atImport);
}

/** The call's location when it starts a server: uvicorn.run(), not uvicorn.Config(…). */
function startsServer(node: Node, scope: Scope): Location | undefined {
  const fn = node.childForFieldName('function');

  return fn && callee(fn, scope) === 'run' && !/Config$/.test(fn.text)
    ? at(node, scope)
    : undefined;
}

function recordImport(node: Node, scope: Scope): void {
  const module = node.childForFieldName('module_name')?.text;

  if (!module) return;

  for (const name of node.childrenForFieldName('name')) {
    if (!name) continue;

    const original =
      name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
    const local =
      name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name.text;
    const meaning = original && defaultAliases().get(`${module}.${original}`);

    if (meaning && local) scope.aliases.set(local, meaning);
  }
}

function recordCall(node: Node, scope: Scope, underMain: boolean): void {
  const kind = callee(node.childForFieldName('function'), scope);
  const args = node.childForFieldName('arguments');

  if (!kind || !args) return;

  if (kind === 'getenv') {
    const key = stringValue(positional(args)[0]);

    if (key !== undefined) scope.entry.reads.push({ name: key, location: at(node, scope) });
  }

  if (kind === 'load_dotenv') {
    const path = stringValue(positional(args)[0] ?? keyword(args, 'dotenv_path'));

    scope.entry.loadsDotenv = { location: at(node, scope), path };
  }

  if (kind === 'run' && (!scope.entry.run || underMain)) {
    const { given, spread } = runKeywords(args);
    const value = (name: string): PyValue | undefined => {
      const values = given.get(name) ?? [];

      // Given twice, the call fails (a SyntaxError, or a TypeError for a key of a `**{…}`).
      if (values.length > 1) return { kind: 'unknown', location: at(values[1], scope) };

      if (values[0]) return evaluate(values[0], scope, node.startIndex);

      // `**cfg` or `*args` may set it: the default is not known to apply.
      return spread && name !== 'uds'
        ? { kind: 'unknown', location: at(spread, scope) }
        : undefined;
    };

    scope.entry.run = {
      location: at(node, scope),
      host: value('host'),
      port: value('port'),
      uds: value('uds'),
      underMain,
    };
  }
}

/** What a called name means: environ, getenv, run (uvicorn), load_dotenv. */
function callee(node: Node | null, scope: Scope): string | undefined {
  if (!node) return undefined;

  if (node.type === 'identifier') return scope.aliases.get(node.text);

  if (node.type !== 'attribute') return undefined;

  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute')?.text;

  if (object && attribute === 'get' && callee(object, scope) === 'environ') return 'getenv';

  return scope.aliases.get(node.text.replace(/\s+/g, ''));
}

/** A small evaluator: literals, env reads with defaults, int()/str(), f-strings, names. */
function evaluate(node: Node, scope: Scope, before = Infinity, depth = 0): PyValue {
  const location = at(node, scope);

  if (depth > 20) return { kind: 'unknown', location };

  switch (node.type) {
    case 'integer':
      return { kind: 'literal', value: Number(node.text.replace(/_/g, '')), location };
    case 'true':
    case 'false':
      return { kind: 'literal', value: node.type === 'true', location };
    case 'string':
    case 'concatenated_string':
      return stringExpression(node, scope, before, depth);
    case 'parenthesized_expression': {
      const inner = node.namedChildren[0];

      return inner ? evaluate(inner, scope, before, depth + 1) : { kind: 'unknown', location };
    }
    case 'list':
    case 'tuple':
      return {
        kind: 'list',
        items: node.namedChildren.flatMap((c) =>
          c ? [evaluate(c, scope, before, depth + 1)] : [],
        ),
        location,
      };
    case 'identifier': {
      const bound = [...scope.assignments]
        .reverse()
        .find((a) => a.name === node.text && a.at < before);

      return bound
        ? evaluate(bound.value, scope, bound.at, depth + 1)
        : { kind: 'unknown', location };
    }
    case 'subscript':
      if (callee(node.childForFieldName('value'), scope) === 'environ') {
        const key = stringValue(node.childForFieldName('subscript'));

        if (key !== undefined) return { kind: 'env', name: key, location };
      }

      return { kind: 'unknown', location };
    case 'call': {
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments');
      const first = args ? positional(args)[0] : undefined;

      if (fn?.type === 'identifier' && ['int', 'str', 'float'].includes(fn.text) && first) {
        return evaluate(first, scope, before, depth + 1);
      }

      if (args && callee(fn, scope) === 'getenv') {
        const key = stringValue(first);
        const fallbackNode = positional(args)[1] ?? keyword(args, 'default');
        const fallback = fallbackNode
          ? evaluate(fallbackNode, scope, before, depth + 1)
          : undefined;

        if (key !== undefined) return { kind: 'env', name: key, fallback, location };
      }

      return { kind: 'unknown', location };
    }
    default:
      return { kind: 'unknown', location };
  }
}

function stringExpression(node: Node, scope: Scope, before: number, depth: number): PyValue {
  const location = at(node, scope);
  const strings = node.type === 'concatenated_string' ? node.namedChildren : [node];
  const parts: PyValue[] = [];

  for (const part of strings) {
    if (!part) continue;

    const raw = /r/i.test(part.firstChild?.text ?? '');

    for (const child of part.namedChildren) {
      if (!child) continue;

      if (child.type === 'string_content') {
        parts.push({
          kind: 'literal',
          value: raw ? child.text : unescapePython(child.text),
          location,
        });
      } else if (child.type === 'escape_sequence') {
        parts.push({ kind: 'literal', value: unescapePython(child.text), location });
      } else if (child.type === 'interpolation') {
        const expression = child.childForFieldName('expression') ?? child.namedChildren[0];

        parts.push(
          expression
            ? evaluate(expression, scope, before, depth + 1)
            : { kind: 'unknown', location },
        );
      }
    }
  }

  if (parts.every((p) => p.kind === 'literal')) {
    return { kind: 'literal', value: parts.map((p) => String(p.value)).join(''), location };
  }

  return { kind: 'concat', parts, location };
}

/** The value of a plain string literal, else undefined. */
function stringValue(node: Node | null | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;

  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;

  return node.namedChildren
    .filter((c) => c?.type === 'string_content' || c?.type === 'escape_sequence')
    .map((c) => unescapePython(c!.text))
    .join('');
}

function unescapePython(text: string): string {
  const simple: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    "'": "'",
    '"': '"',
  };

  return text.replace(/\\(.)/g, (whole, c: string) => simple[c] ?? whole);
}

function positional(args: Node): Node[] {
  return args.namedChildren.filter(
    (c): c is Node => !!c && c.type !== 'keyword_argument' && c.type !== 'comment',
  );
}

/** The first `name=` given a second time in an argument list, as its second keyword_argument. */
function repeatedKeyword(args: Node): Node | undefined {
  const seen = new Set<string>();

  for (const child of args.namedChildren) {
    if (child?.type !== 'keyword_argument') continue;

    const name = child.childForFieldName('name')?.text ?? '';

    if (seen.has(name)) return child;

    seen.add(name);
  }

  return undefined;
}

/**
 * The keyword values a uvicorn.run() call passes, each name with every value given for it,
 * the keys of a `**{…}` literal written in the call included; `spread` is the first `*args`
 * or `**cfg` whose contents cannot be read, which may set any of them.
 */
function runKeywords(args: Node): { given: Map<string, Node[]>; spread?: Node } {
  const given = new Map<string, Node[]>();
  const add = (name: string, value: Node) => given.set(name, [...(given.get(name) ?? []), value]);
  let spread: Node | undefined;

  for (const child of args.namedChildren) {
    if (child?.type === 'keyword_argument') {
      const name = child.childForFieldName('name')?.text;
      const value = child.childForFieldName('value');

      if (name && value) add(name, value);
    } else if (child?.type === 'list_splat' || child?.type === 'dictionary_splat') {
      const pairs =
        child.type === 'dictionary_splat' ? dictLiteral(child.namedChildren[0]) : undefined;

      if (pairs) for (const [name, value] of pairs) add(name, value);
      else spread ??= child;
    }
  }

  return { given, spread };
}

/** A dict literal with plain string keys only (a later key wins, as in Python), else undefined. */
function dictLiteral(node: Node | null | undefined): Map<string, Node> | undefined {
  if (node?.type !== 'dictionary') return undefined;

  const pairs = new Map<string, Node>();

  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') continue;

    const key = child.type === 'pair' ? stringValue(child.childForFieldName('key')) : undefined;
    const value = child.childForFieldName('value');

    if (key === undefined || !value) return undefined;

    pairs.set(key, value);
  }

  return pairs;
}

function keyword(args: Node, name: string): Node | undefined {
  for (const child of args.namedChildren) {
    if (child?.type === 'keyword_argument' && child.childForFieldName('name')?.text === name) {
      return child.childForFieldName('value') ?? undefined;
    }
  }

  return undefined;
}

/** `if __name__ == "__main__":`, either way round. */
function isMainGuard(condition: Node | null): boolean {
  if (!condition || condition.type !== 'comparison_operator') return false;

  const sides = condition.namedChildren.filter((c): c is Node => !!c);

  return (
    sides.length === 2 &&
    sides.some((s) => s.type === 'identifier' && s.text === '__name__') &&
    sides.some((s) => stringValue(s) === '__main__')
  );
}

function at(node: Node, scope: Scope) {
  return scope.file.location(node.startIndex, node.endIndex);
}
