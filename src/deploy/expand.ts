// Expands the words of a bash command as the shell would, as far as they can be known: quotes,
// escapes, variables with their defaults, $0 and $1, `$(dirname "$0")`, and word splitting; each
// character keeps its place in the file, and each word the variables it was made from.
import { dirname } from 'node:path';
import type { DeployContext, RichWord } from './context.js';
import type { Node } from './grammar.js';
import type { Shell } from './shell.js';
import type { EnvVar } from './types.js';

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
