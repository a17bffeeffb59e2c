// `ngxlint [lint] [PATH...]`, the default command: a thin layer over lint() in src/lint.ts.
// Only flags are declared here; the engine, rules and reporters load when it runs.
import { flagAsTyped, listOf } from '../args.js';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkOutputPath, spellsFolder } from '../../payload/cli-io.js';
import { realPathOf, refuseOutputsOverRead, refusingReadOutputs } from '../read-outputs.js';
import type { CommandSpec } from '../command.js';
import { UsageError } from '../errors.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { note } from '../log.js';
import { treeFlags, treeOptionsOf } from '../tree-flags.js';

const DOCUMENT_FORMATS = ['json', 'sarif', 'gitlab', 'checkstyle', 'junit'];
const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;
export const lintCommand: CommandSpec = {
  command: ['lint [paths..]', '$0 [paths..]'],
  repeatable: ['format', 'rule', 'map'],
  describe: 'Lint a deployment folder or an nginx entry config (the default command)',
  builder: (y) =>
    treeFlags(
      y.positional('paths', {
        type: 'string',
        array: true,
        describe: 'deployment folders or entry configs; - reads stdin (default: .)',
      }),
      { root: 'root for SARIF/GitHub/GitLab paths (default: git work tree)' },
    )
      .option('app-port', { type: 'string', describe: 'the port the app listens on' })
      .option('uvicorn-port', { type: 'string', describe: 'same as --app-port' })
      .option('config', {
        alias: 'c',
        type: 'string',
        describe: 'project config file (default: ngxlint.config.json upward)',
      })
      .option('rule', { type: 'string', describe: 'set a rule: NAME=off|info|warning|error' })
      .option('fail-on', {
        type: 'string',
        describe: `lowest severity that exits 1: ${FAIL_ON.join(', ')} (default error)`,
      })
      .option('format', {
        alias: 'f',
        type: 'string',
        describe: 'output format F or F:FILE, repeatable (default text)',
      })
      .option('output', {
        alias: 'o',
        type: 'string',
        describe: 'write the format without :FILE to FILE',
      })
      .option('color', {
        type: 'boolean',
        describe: 'colour text output (default: when stdout is a terminal; --no-color)',
      })
      .option('stdin-filename', {
        type: 'string',
        describe: 'file name for the config read from -',
      })
      .option('fix', { type: 'boolean', describe: 'apply the fixes that are certain, in place' })
      .option('fix-dry-run', {
        type: 'boolean',
        describe: 'print the certain fixes as a diff, write nothing',
      })
      .option('baseline', {
        type: 'string',
        describe: 'report only findings not recorded in this baseline FILE',
      })
      .option('write-baseline', {
        type: 'string',
        describe: "record today's findings in a baseline FILE",
      }),
  run: (argv) => runLint(argv),
};

interface Output {
  format: string;
  /** Undefined: stdout. */
  file?: string;
  /** The flag that named the file, for messages: `--output FILE`, `--format json:FILE`. */
  flag?: string;
}

async function runLint(argv: Record<string, unknown>): Promise<number> {
  const cwd = process.cwd();
  const failOn = (argv.failOn as string | undefined) ?? 'error';

  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new UsageError(
      `--fail-on "${failOn}" is not accepted, expected one of ${FAIL_ON.join(', ')}`,
    );
  }

  const { formatNames, loadChunkedReporter } = await import('../../reporters/index.js');
  const outputs = readOutputs(argv, formatNames());
  const writeBaseline = argv.writeBaseline as string | undefined;
  const written = [
    ...outputs.flatMap((o) => (o.file === undefined ? [] : [{ flag: o.flag!, file: o.file }])),
    ...(writeBaseline === undefined
      ? []
      : [{ flag: `--write-baseline ${writeBaseline}`, file: writeBaseline }]),
  ];

  if (writeBaseline !== undefined) {
    const flag = `--write-baseline ${writeBaseline}`;

    checkOutputPath(flag, writeBaseline);

    // readOutputs keeps reports apart; a baseline named as a report (by a link or `./`) would
    // be overwritten by it, or write two documents into one pipe.
    const real = realPathOf(writeBaseline);

    if (outputs.some((o) => o.file !== undefined && realPathOf(o.file) === real)) {
      throw new UsageError(`${flag}: another output writes the same file`);
    }
  }

  // A report over the baseline it filters by would lose the baseline (a baseline written over
  // it is how one brings it up to date, and is let through).
  const baseline = argv.baseline as string | undefined;

  refuseOutputsOverRead(
    outputs.flatMap((o) => (o.file === undefined ? [] : [{ flag: o.flag!, file: o.file }])),
    baseline === undefined ? [] : [baseline],
  );

  const appPort = readAppPort(argv);
  const { lint } = await import('../../lint.js');
  const { LintInputError } = await import('../../engine/errors.js');
  const paths = ((argv.paths as string[] | undefined) ?? []).map(String);
  const stdinWanted = paths.includes('-');

  const stdinFilename = argv.stdinFilename as string | undefined;

  // The name stands for a file in findings and SARIF URIs: '' or `dir/` would make it a folder.
  if (stdinWanted && stdinFilename !== undefined && !namesAFile(stdinFilename, cwd)) {
    throw new UsageError(`--stdin-filename "${stdinFilename}" names no file`);
  }

  const stdin = stdinWanted ? readFileSync(0) : undefined;
  // Fixes and suppressions reread the entry: for stdin that is the piped text, not NAME on disk.
  const { withStdinText } = await import('../../security/stdin-source.js');
  const { diskFileSystem } = await import('../../include/fs.js');
  const fs =
    stdin && withStdinText(diskFileSystem, resolve(cwd, stdinFilename ?? '<stdin>'), stdin);
  let result;

  try {
    const { lintWithFlags } = await import('../../fix/lint-flags.js');
    const flags = {
      fix: argv.fix as boolean | undefined,
      fixDryRun: argv.fixDryRun as boolean | undefined,
      baseline: argv.baseline as string | undefined,
      writeBaseline,
    };
    // The dry run's diff: on stdout beside the line formats (text, compact, github), on stderr
    // when stdout carries a document (JSON, SARIF, XML) that a diff in front would break.
    const toStdout = outputs.find((o) => o.file === undefined);
    const diffStream =
      toStdout && DOCUMENT_FORMATS.includes(toStdout.format) ? process.stderr : process.stdout;
    const io = { write: (text: string) => void diffStream.write(text), note };

    result = await lintWithFlags(
      flags,
      {
        paths: paths.length ? paths : ['.'],
        cwd,
        ...treeOptionsOf(argv),
        appPort: appPort?.port,
        appPortFlag: appPort?.flag,
        rules: listOf(argv.rule),
        fs,
        stdin,
        stdinFilename,
        note,
      },
      refusingReadOutputs(lint, written),
      io,
    );
  } catch (error) {
    if (error instanceof LintInputError) throw new UsageError(error.message);
    throw error;
  }

  const { VERSION } = await import('../../version.js');
  const reports: Array<{ output: Output; chunks: Iterable<string> }> = [];

  for (const output of outputs) {
    const reporter = (await loadChunkedReporter(output.format))!;
    const color =
      output.file === undefined &&
      argv.color !== false &&
      !process.env.NO_COLOR &&
      process.stdout.isTTY === true;

    // Made as it is written: a SARIF log is stringified one result at a time.
    reports.push({
      output,
      chunks: reporter(result.findings, {
        cwd,
        root: result.project.root,
        version: VERSION,
        rules: result.rules,
        color,
        source: result.readSource,
      }),
    });
  }

  const { writeBatched, writeReports } = await import('../write-reports.js');

  writeReports(
    reports
      .filter((r) => r.output.file !== undefined)
      .map((r) => ({ file: r.output.file!, flag: r.output.flag!, chunks: r.chunks })),
  );

  for (const r of reports) {
    if (r.output.file === undefined) writeBatched(r.chunks, (text) => process.stdout.write(text));
  }

  const rank: Record<string, number> = { info: 1, warning: 2, error: 3, none: 4 };
  const failing = result.findings.some((f) => !f.suppressed && rank[f.severity] >= rank[failOn]);

  return failing ? EXIT_FINDINGS : EXIT_OK;
}

function readOutputs(argv: Record<string, unknown>, names: string[]): Output[] {
  const given = listOf(argv.format) ?? [];
  const outputFile = argv.output as string | undefined;
  const flag = flagAsTyped('--format', '-f');
  const outputs: Output[] = (given.length ? given : ['text']).map((spec) => {
    const colon = spec.indexOf(':');
    const format = colon < 0 ? spec : spec.slice(0, colon);
    const file = colon < 0 ? undefined : spec.slice(colon + 1);

    if (!names.includes(format)) {
      throw new UsageError(
        `${flag} "${format}" is not a format, expected one of ${names.join(', ')}`,
      );
    }

    if (file === '') throw new UsageError(`${flag} "${spec}" names no file after ":"`);

    return { format, file, flag: file === undefined ? undefined : `${flag} ${spec}` };
  });
  const toStdout = outputs.filter((o) => o.file === undefined);

  if (toStdout.length > 1) {
    throw new UsageError(
      `${flag} ${toStdout.map((o) => o.format).join(', ')}: only one format can go to stdout or --output, give the others a file (--format sarif:out.sarif)`,
    );
  }

  if (outputFile !== undefined) {
    if (toStdout.length === 0) {
      throw new UsageError(
        `${flagAsTyped('--output', '-o')} has no format to write: every --format already names a file`,
      );
    }

    toStdout[0].file = outputFile;
    toStdout[0].flag = `${flagAsTyped('--output', '-o')} ${outputFile}`;
  }

  // A folder is refused before the lint runs; a missing folder when the write fails.
  for (const o of outputs) if (o.file !== undefined) checkOutputPath(o.flag!, o.file);

  const files = outputs.flatMap((o) => (o.file ? [realPathOf(o.file)] : []));

  if (new Set(files).size !== files.length) throw new UsageError('two formats write the same file');

  return outputs;
}

function readAppPort(argv: Record<string, unknown>): { port: number; flag: string } | undefined {
  const found: Array<{ port: number; flag: string }> = [];

  for (const [key, flag] of [
    ['appPort', '--app-port'],
    ['uvicornPort', '--uvicorn-port'],
  ]) {
    const value = argv[key];

    if (value === undefined) continue;

    const text = String(value);
    const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;

    if (!(port >= 1 && port <= 65535)) {
      throw new UsageError(`${flag} "${text}" is not a port, expected a number from 1 to 65535`);
    }

    found.push({ port, flag });
  }

  if (found.length === 2 && found[0].port !== found[1].port) {
    throw new UsageError(
      `--app-port ${found[0].port} and --uvicorn-port ${found[1].port} disagree`,
    );
  }

  return found[0];
}

/** Whether a name can stand for a file: not empty, no trailing `/`, not `.` or `..`, and not
 * an existing folder. */
function namesAFile(name: string, cwd: string): boolean {
  if (spellsFolder(name)) return false;

  try {
    return !statSync(resolve(cwd, name)).isDirectory();
  } catch {
    return true;
  }
}
