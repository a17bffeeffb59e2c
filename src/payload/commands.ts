// The parse, lex and format commands' work, loaded only when one of them runs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../cli/errors.js';
import { escapeControl } from '../security/escape.js';
import { EXIT_FINDINGS, EXIT_OK } from '../cli/exit-codes.js';
import { parseConfig } from '../syntax/config.js';
import { DEFAULT_MAX_DEPTH, parseBytes } from '../syntax/parser.js';
import { tokenize } from '../syntax/lexer.js';
import type { ParseError } from '../syntax/tree.js';
import { encodeText } from '../syntax/utf8.js';
import { flagAsTyped } from '../cli/args.js';
import { realPathOf, refuseOutputsOverRead } from '../cli/read-outputs.js';
import { writeFileAtomic } from '../fix/write.js';
import {
  InputError,
  OutputFileError,
  readEntry,
  writeAtomically,
  writeFailureReason,
} from './cli-io.js';
import { buildPayload, type Analyzer } from './crossplane.js';
import { formatSource, formatStatements } from './format.js';
import { pythonJson } from './json.js';
import { lexPayload } from './lex.js';

function optionalString(argv: Record<string, unknown>, name: string): string | undefined {
  const value = argv[name];

  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} needs a value`);

  return value;
}

function indentOf(argv: Record<string, unknown>, fallback?: number): number | undefined {
  const value = argv.indent;

  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 32) {
    throw new UsageError('--indent expects a whole number from 0 to 32');
  }

  return value;
}

/** The FILE argument; yargs hands a lone `-` (stdin) over as an empty string. */
function entryArg(argv: Record<string, unknown>): string {
  const file = argv.file;

  if (file === '' || file === '-') return '-';
  if (typeof file !== 'string') throw new UsageError('FILE is required (a path, or - for stdin)');

  return file;
}

function entryBytes(file: string): Buffer {
  try {
    return readEntry(file);
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);

    throw error;
  }
}

/** Writes the output to stdout or --out; never over `read`, the files the command read (a
 * payload written over the config it describes would destroy it). */
function emit(argv: Record<string, unknown>, text: string | Buffer, read: string[] = []): void {
  const out = optionalString(argv, 'out');

  if (!out) {
    process.stdout.write(text);

    return;
  }

  const label = `${flagAsTyped('--out', '-o')} ${out}`;

  refuseOutputsOverRead([{ flag: label, file: out }], read);

  writeAtomically(out, text, label);
}

function readSource(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function reportErrors(shown: string, errors: ParseError[]): void {
  for (const e of errors)
    process.stderr.write(`${escapeControl(`${shown}:${e.line}:${e.column}: ${e.message}`)}\n`);
}

/**
 * The directive table's check, once src/nginx provides one (crossplane's analyzer: context,
 * argument count, `--strict` unknown directives). Until then payloads carry syntax errors only.
 */
async function loadAnalyzer(): Promise<Analyzer | undefined> {
  try {
    const module = (await import('../nginx/payload-analyzer.js' as string)) as {
      analyze?: Analyzer;
    };

    return module.analyze;
  } catch {
    return undefined;
  }
}

export async function runParse(argv: Record<string, unknown>): Promise<number> {
  const file = entryArg(argv);
  const stdinName = optionalString(argv, 'stdin-filename');
  const prefix = optionalString(argv, 'prefix');
  const indent = indentOf(argv);
  const ignore = (optionalString(argv, 'ignore') ?? '').split(',').filter((s) => s !== '');
  const shown = file === '-' ? (stdinName ?? 'stdin') : file;
  const text = entryBytes(file);
  const analyze = await loadAnalyzer();

  if (argv.strict && !analyze) {
    process.stderr.write(
      'ngxlint: --strict needs the directive table, which is not built in yet\n',
    );
  }

  const config = parseConfig('-', {
    prefix: prefix ? resolve(prefix) : undefined,
    singleFile: Boolean(argv['single-file']),
    stdin: { text, filename: shown },
  });
  const payload = buildPayload(config, {
    entry: shown,
    prefix,
    singleFile: Boolean(argv['single-file']),
    includeComments: Boolean(argv['include-comments']),
    combine: Boolean(argv.combine),
    strict: Boolean(argv.strict),
    positions: Boolean(argv.positions),
    ignore,
    analyze,
    source: (path) => (path === config.files[0].path ? text : readSource(path)),
  });

  emit(argv, `${pythonJson(payload, indent)}\n`, [
    // From stdin, the name it is given stands for the config (its includes resolve there).
    ...(file === '-' ? (stdinName ? [stdinName] : []) : [file]),
    ...config.files.slice(1).map((f) => f.path),
  ]);

  return payload.status === 'ok' ? EXIT_OK : EXIT_FINDINGS;
}

export async function runLex(argv: Record<string, unknown>): Promise<number> {
  const file = entryArg(argv);
  const indent = indentOf(argv);
  const bytes = entryBytes(file);
  const tokens = tokenize(bytes);
  // The parse only finds brace and handler-block errors; past the depth limit it keeps no
  // nodes and copies no context, so deep nesting stays linear. Depth is no lexing error.
  const parsed = parseBytes(bytes, resolve(file), { maxDepth: DEFAULT_MAX_DEPTH });
  const errors = parsed.errors.filter((e) => e.kind !== 'limit');

  emit(
    argv,
    `${pythonJson(lexPayload(tokens, { lineNumbers: Boolean(argv['line-numbers']), bytes }), indent)}\n`,
    file === '-' ? [] : [file],
  );
  reportErrors(file, errors);

  return errors.length === 0 ? EXIT_OK : EXIT_FINDINGS;
}

export async function runFormat(argv: Record<string, unknown>): Promise<number> {
  const file = entryArg(argv);
  const indent = indentOf(argv, 4);
  const { errors, statements } = formatSource(entryBytes(file), resolve(file));

  if (errors.length > 0) {
    reportErrors(file, errors);

    return EXIT_FINDINGS;
  }

  const text = encodeText(
    `${formatStatements(statements, { indent, tabs: Boolean(argv.tabs) })}\n`,
  );
  const out = optionalString(argv, 'out');

  // In place: the file keeps its mode, owner and links, as --fix keeps them.
  if (out && file !== '-' && realPathOf(out) === realPathOf(file)) {
    try {
      writeFileAtomic(file, text);
    } catch (error) {
      throw new OutputFileError(`${flagAsTyped('--out', '-o')} ${out}`, writeFailureReason(error));
    }
  } else emit(argv, text);

  return EXIT_OK;
}
