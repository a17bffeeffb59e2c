// Walks a bash syntax tree (tree-sitter-bash) in execution order, keeping the shell's state that
// decides how the app starts: variables and which are exported, `set -a`, the working directory,
// functions, and what runs in the background. Commands go to commands.ts.
import type { DeployContext, RichWord } from './context.js';
import { cloneEnv, exported, originAt, readEnvFile, showAt } from './context.js';
import type { Node } from './grammar.js';
import { commandWords, expandWord, joinWords } from './expand.js';
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

/** `cd DIR` relative to the current directory. */
export function changeDirectory(shell: Shell, word: RichWord | undefined): void {
  shell.cwd = word?.known ? serverJoin(shell.cwd, word.value) : undefined;
}
