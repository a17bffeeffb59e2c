// Walks a bash syntax tree (tree-sitter-bash) in execution order, keeping the shell's state that
// decides how the app starts: variables and which are exported, `set -a`, the working directory,
// functions, and what runs in the background. Commands go to commands.ts.
import { dirname } from 'node:path';
import type { DeployContext, RichWord } from './context.js';
import { cloneEnv, exported, originAt, readEnvFile, showAt } from './context.js';
import type { Node } from './grammar.js';
import { resolveTreeFile, runCommand, type Run } from './commands.js';
import { serverJoin } from './paths.js';
import type { TextMap } from './text.js';
import type { Background, EnvVar } from './types.js';

export interface Shell {
  text: TextMap;
  vars: Map<string, EnvVar>;
  allExport: boolean;
  cwd?: string;
  functions: Map<string, Node>;
  /** Tree path of the running script ($0), when it is a file. */
  script?: string;
  args: RichWord[];
  /** Marks inherited from the command that started this shell (`nohup ./start.sh &`). */
  background: Background[];
  run: Run;
}

/** Runs the statements of a program or block in order. */
export function walkStatements(
  context: DeployContext,
  nodes: Array<Node | null>,
  shell: Shell,
): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];

    if (!node || !node.isNamed) continue;

    const next = nodes[i + 1];
    const marks =
      next && !next.isNamed && next.type === '&'
        ? [{ how: '&' as const, location: shell.text.location(next.startIndex, next.endIndex) }]
        : [];

    walkStatement(context, node, shell, marks);
  }
}

function walkStatement(
  context: DeployContext,
  node: Node,
  shell: Shell,
  marks: Background[],
): void {
  switch (node.type) {
    case 'command':
      return commandNode(context, node, shell, marks);
    case 'variable_assignment':
      return assign(context, node, shell, { exported: shell.allExport });
    case 'variable_assignments':
      for (const child of node.namedChildren)
        if (child) assign(context, child, shell, { exported: shell.allExport });

      return;
    case 'declaration_command':
      return declaration(context, node, shell);
    case 'unset_command':
      for (const child of node.namedChildren) if (child) shell.vars.delete(child.text);

      return;
    case 'subshell':
      return walkStatements(context, node.children, {
        ...shell,
        vars: cloneEnv(shell.vars),
        background: [...shell.background, ...marks],
      });
    case 'pipeline':
      if (isPipedKill(context, node, shell)) return;

      for (const child of node.namedChildren)
        if (child) walkStatement(context, child, shell, marks);

      return;
    case 'while_statement':
      return loop(context, node, shell, marks);
    case 'function_definition': {
      const name = node.childForFieldName('name')?.text;
      const body = node.childForFieldName('body');

      if (name && body) shell.functions.set(name, body);

      return;
    }
    case 'comment':
    case 'test_command':
      return;
    case 'redirected_statement': {
      const body = node.childForFieldName('body');

      if (body) walkStatement(context, body, shell, marks);

      return;
    }
    default:
      // list, compound_statement, if/elif/else, for, case, negated_command, ERROR …: run every
      // part in order; the background marks of a list apply to its commands.
      for (const child of node.namedChildren) {
        if (child && child.type !== 'test_command') walkStatement(context, child, shell, marks);
      }
  }
}

function commandNode(context: DeployContext, node: Node, shell: Shell, marks: Background[]): void {
  const prefix = new Map<string, EnvVar>();

  for (const child of node.namedChildren) {
    if (child?.type !== 'variable_assignment') continue;

    const variable = assignmentVar(context, child, shell, true);

    if (variable) prefix.set(variable.name, variable);
  }

  const nameNode = node.childForFieldName('name');
  const words = [nameNode, ...node.childrenForFieldName('argument')].flatMap((n) =>
    n ? expandWord(context, n, shell) : [],
  );

  if (!nameNode) {
    for (const variable of prefix.values()) {
      const wasExported = shell.vars.get(variable.name)?.exported ?? false;

      shell.vars.set(variable.name, { ...variable, exported: shell.allExport || wasExported });
    }

    return;
  }

  runCommand(context, words, shell, {
    prefix,
    background: [...shell.background, ...marks],
    location: shell.text.location(node.startIndex, node.endIndex),
    node,
  });
}

function assign(
  context: DeployContext,
  node: Node,
  shell: Shell,
  options: { exported: boolean },
): void {
  const variable = assignmentVar(context, node, shell, options.exported);

  if (!variable) return;

  const before = shell.vars.get(variable.name);

  shell.vars.set(variable.name, {
    ...variable,
    exported: variable.exported || (before?.exported ?? false),
  });
}

function assignmentVar(
  context: DeployContext,
  node: Node,
  shell: Shell,
  exported: boolean,
): EnvVar | undefined {
  const name = node.childForFieldName('name')?.text;

  if (!name) return undefined;

  const valueNode = node.childForFieldName('value');
  const value = valueNode
    ? joinWords(expandWord(context, valueNode, shell, { split: false }))
    : { value: '', known: true };
  const nameNode = node.childForFieldName('name')!;

  return {
    name,
    value: value.known ? value.value : undefined,
    exported,
    origin: originAt(context, name, shell.text.location(nameNode.startIndex, node.endIndex)),
  };
}

function declaration(context: DeployContext, node: Node, shell: Shell): void {
  const keyword = node.firstChild?.type;
  const flags = node.namedChildren.filter((c) => c?.type === 'word').map((c) => c!.text);
  const exports =
    keyword === 'export' ? !flags.includes('-n') : flags.some((f) => /^-\w*x/.test(f));

  for (const child of node.namedChildren) {
    if (!child) continue;

    if (child.type === 'command_substitution' && exports) {
      exportFromFile(context, child, shell);
    } else if (child.type === 'variable_assignment') {
      assign(context, child, shell, { exported: exports || shell.allExport });
    } else if (child.type === 'variable_name' && exports) {
      const known = shell.vars.get(child.text);

      if (known) known.exported = true;
      else {
        // `export NAME` of a variable the script never set: it passes on whatever it holds.
        shell.vars.set(child.text, {
          name: child.text,
          exported: true,
          origin: originAt(
            context,
            child.text,
            shell.text.location(child.startIndex, child.endIndex),
          ),
        });
      }
    }
  }
}

/**
 * `export $(grep -v '^#' .env | xargs)`, `export $(cat .env | xargs)`: each KEY=VALUE line of
 * the file is exported. xargs takes the quotes off and joins the lines; `grep -v '^#'` drops
 * whole-line comments, and a ` # note` after a value is split off as words export refuses, so
 * the file reads as python-dotenv reads it.
 */
function exportFromFile(context: DeployContext, node: Node, shell: Shell): void {
  const pipeline = node.namedChildren.find((c) => c?.type === 'pipeline');
  const commands = (pipeline?.namedChildren ?? []).filter((c): c is Node => c?.type === 'command');
  const [first, last] = [commands[0], commands.at(-1)];

  if (commands.length !== 2 || last?.childForFieldName('name')?.text !== 'xargs') return;
  if (!['grep', 'egrep', 'cat', 'sed'].includes(first.childForFieldName('name')?.text ?? ''))
    return;

  const word = commandWords(context, first, shell).at(-1);
  const file = word && resolveTreeFile(context, shell, word, { anyFile: true });
  const read = file ? readEnvFile(context, file, 'dotenv') : undefined;

  if (!read) return;

  const note = `export $(… | xargs) in ${showAt(context, word!.location)}`;

  for (const entry of read.entries) {
    shell.vars.set(
      entry.name,
      exported(entry.name, entry.value, originAt(context, entry.name, entry.location, { note })),
    );
  }
}

/** A while/until loop: a wait when it sleeps or polls, else its body runs as usual. */
function loop(context: DeployContext, node: Node, shell: Shell, marks: Background[]): void {
  const names = commandNames(node);
  const starts = names.some((n) => /^(uvicorn|gunicorn|hypercorn|python[\d.]*)$/.test(n));
  const polls = names.some((n) =>
    ['sleep', 'fuser', 'ss', 'lsof', 'nc', 'netstat', 'curl', 'pgrep', 'kill'].includes(n),
  );

  if (polls && !starts) {
    shell.run.timeline.push({
      kind: 'wait',
      step: {
        how: 'loop',
        label: 'a wait loop',
        location: shell.text.location(node.startIndex, node.endIndex),
      },
    });

    return;
  }

  for (const child of node.namedChildren) if (child) walkStatement(context, child, shell, marks);
}

function commandNames(node: Node): string[] {
  const out: string[] = [];

  if (node.type === 'command_name') out.push(node.text.split('/').pop() ?? '');

  for (const child of node.namedChildren) if (child) out.push(...commandNames(child));

  return out;
}

/** `lsof -ti :8000 | xargs kill` and `pgrep -f uvicorn | xargs kill`. */
function isPipedKill(context: DeployContext, node: Node, shell: Shell): boolean {
  const commands = node.namedChildren.filter((c): c is Node => c?.type === 'command');
  const lastCommand = commands[commands.length - 1];
  const words = lastCommand ? commandWords(context, lastCommand, shell) : [];

  if (
    words[0]?.value !== 'xargs' ||
    !words.some((w) => w.value === 'kill' || w.value === 'kill -9')
  ) {
    return false;
  }

  const source = commands[0] ? commandWords(context, commands[0], shell) : [];

  runCommand(
    context,
    [{ ...words[0], value: 'kill' }, ...source.map((w) => ({ ...w, value: w.value }))],
    shell,
    {
      prefix: new Map(),
      background: [],
      location: shell.text.location(node.startIndex, node.endIndex),
      node,
      pipedFrom: source,
    },
  );

  return true;
}

/** A command node's name and arguments, expanded. */
export function commandWords(context: DeployContext, node: Node, shell: Shell): RichWord[] {
  return [node.childForFieldName('name'), ...node.childrenForFieldName('argument')].flatMap((n) =>
    n ? expandWord(context, n, shell) : [],
  );
}

interface Piece {
  value: string;
  known: boolean;
  offsets: number[];
  /** The variables whose values went into it (`--port "$APP_PORT"`): they take effect. */
  expanded?: EnvVar[];
}

/** Expands one word node: quotes, escapes, variables ($0, $1, ${X:-d}); unquoted expansions split. */
export function expandWord(
  context: DeployContext,
  node: Node,
  shell: Shell,
  options: { split?: boolean } = {},
): RichWord[] {
  const location = shell.text.location(node.startIndex, node.endIndex);
  const make = (piece: Piece): RichWord => ({ ...piece, location, text: shell.text });
  const split = options.split ?? true;

  if (split && (node.type === 'simple_expansion' || node.type === 'expansion')) {
    const special = node.namedChildren.find((c) => c?.type === 'special_variable_name')?.text;

    if (special === '@' || special === '*') return shell.args;

    const piece = expandPiece(context, node, shell);

    if (!piece.known) return [make(piece)];

    // Word splitting: each part points at the expansion.
    const parts = piece.value.split(/\s+/).filter(Boolean);

    return parts.map((value) =>
      make({ ...piece, value, offsets: piece.offsets.slice(0, value.length) }),
    );
  }

  if (node.type === 'string' && node.namedChildren.some((c) => c?.text === '$@')) return shell.args;

  return [make(expandPiece(context, node, shell))];
}

function expandPiece(context: DeployContext, node: Node, shell: Shell): Piece {
  const host = (i: number) => shell.text.hostOffset(i);
  const literal = (from: number, text: string, escapes: RegExp | null): Piece => {
    const piece: Piece = { value: '', known: true, offsets: [] };

    for (let i = 0; i < text.length; i++) {
      if (escapes && text[i] === '\\' && i + 1 < text.length && escapes.test(text[i + 1])) i++;
      piece.value += text[i];
      piece.offsets.push(host(from + i));
    }

    return piece;
  };
  const opaque = (value: string, known: boolean): Piece => ({
    value,
    known,
    offsets: [...value].map(() => host(node.startIndex)),
  });

  switch (node.type) {
    case 'word':
    case 'number':
    case 'command_name':
      if (node.type === 'command_name' && node.firstChild && node.firstChild.type !== 'word') {
        return expandPiece(context, node.firstChild, shell);
      }

      if (node.text.startsWith('~')) return opaque(node.text, false);

      return literal(node.startIndex, node.text, /[\s\S]/);
    case 'raw_string':
      return literal(node.startIndex + 1, node.text.slice(1, -1), null);
    case 'string_content':
      return literal(node.startIndex, node.text, /[$`"\\\n]/);
    case 'ansi_c_string':
      return literal(node.startIndex + 2, node.text.slice(2, -1), /[\s\S]/);
    case 'string':
    case 'concatenation': {
      const parts = node.namedChildren
        .filter((c): c is Node => !!c)
        .map((c) => expandPiece(context, c, shell));

      const expanded = parts.flatMap((p) => p.expanded ?? []);

      return {
        value: parts.map((p) => p.value).join(''),
        known: parts.every((p) => p.known),
        offsets: parts.flatMap((p) => p.offsets),
        ...(expanded.length ? { expanded } : {}),
      };
    }
    case 'simple_expansion':
    case 'expansion': {
      const { value, from } = expandVariable(context, node, shell);

      return value === undefined
        ? opaque(node.text, false)
        : { ...opaque(value, true), expanded: from };
    }
    case 'command_substitution': {
      const dir = substitutedDir(node, shell);

      return dir === undefined ? opaque(node.text, false) : opaque(dir, true);
    }
    default:
      return opaque(node.text, false);
  }
}

/**
 * The value of `$NAME`, `${NAME}`, `${NAME:-default}`, `$0`, `$1` (undefined when unknown), and
 * the variables it came from.
 */
function expandVariable(
  context: DeployContext,
  node: Node,
  shell: Shell,
): { value?: string; from?: EnvVar[] } {
  const special = node.namedChildren.find((c) => c?.type === 'special_variable_name')?.text;

  if (special === '0') return { value: shell.script };

  if (special !== undefined) return {};

  const nameNode = node.namedChildren.find((c) => c?.type === 'variable_name');
  const name = nameNode?.text;

  if (!name) return {};

  if (/^\d+$/.test(name)) {
    const arg = shell.args[Number(name) - 1];

    return arg?.known ? { value: arg.value, from: arg.expanded } : {};
  }

  const variable = shell.vars.get(name);
  const operator = node.children.find(
    (c) => c && !c.isNamed && c.type !== '${' && c.type !== '}' && c.type !== '$',
  )?.type;
  const own = variable?.value === undefined ? {} : { value: variable.value, from: [variable] };

  if (node.type === 'simple_expansion' || operator === undefined) return own;

  const argument = node.namedChildren.find((c) => c && c !== nameNode);
  const fallback = () => {
    const words = argument ? expandWord(context, argument, shell, { split: false }) : [];

    return { ...joinWords(words), expanded: words.flatMap((w) => w.expanded ?? []) };
  };

  if ([':-', '-', ':=', '='].includes(operator)) {
    const unset = !variable || (operator.startsWith(':') && variable.value === '');

    if (!unset) return own;

    // A variable the deployment never sets may still come from outside: unknown, unless it
    // has a default, which is what runs when nothing sets it.
    const value = fallback();

    return value.known ? { value: value.value, from: value.expanded } : {};
  }

  return {};
}

/** `$(dirname "$0")`, `$(cd "$(dirname "$0")" && pwd)`, `$(pwd)`: the script's or current folder. */
// Any other command substitution is unknown: ngxlint runs nothing.
function substitutedDir(node: Node, shell: Shell): string | undefined {
  const text = node.text.replace(/\s+/g, ' ');

  if (/^\$\(\s*pwd\s*\)$/.test(text)) return shell.cwd;

  if (shell.script && /dirname\s+"?\$(0|\{0\}|\{BASH_SOURCE(\[0\])?\})"?/.test(text)) {
    return dirname(shell.script);
  }

  return undefined;
}

export function joinWords(words: RichWord[]): { value: string; known: boolean } {
  return { value: words.map((w) => w.value).join(' '), known: words.every((w) => w.known) };
}

/** `cd DIR` relative to the current directory. */
export function changeDirectory(shell: Shell, word: RichWord | undefined): void {
  shell.cwd = word?.known ? serverJoin(shell.cwd, word.value) : undefined;
}
