// What --fix, --fix-dry-run, --baseline and --write-baseline do around one lint() run. The
// lint command calls lintWithFlags in place of lint; every flag's work lives here.
import { relative, resolve } from 'node:path';
import {
  applyBaseline,
  BaselineError,
  createBaseline,
  parseBaseline,
  serializeBaseline,
} from '../baseline/index.js';
import { LintInputError } from '../engine/errors.js';
import { writeFailureReason } from '../payload/cli-io.js';
import {
  diskFileSystem,
  readFailureText,
  readNamedFile,
  snapshotFileSystem,
  type FileSystem,
} from '../include/fs.js';
import type { LintOptions, LintResult } from '../lint.js';
import { VERSION } from '../version.js';
import { formatChanges, provideFixes, runFixes, withWritableFixes, writeChanges } from './index.js';
import { CHANGED_CODE, diskWriteLayer, writeFileAtomic, type WriteLayer } from './write.js';

export interface FlagValues {
  fix?: boolean;
  fixDryRun?: boolean;
  baseline?: string;
  writeBaseline?: string;
}

export interface FlagIo {
  /** Where the dry run's diff goes (stdout). */
  write: (text: string) => void;
  note: (message: string) => void;
  layer?: WriteLayer;
}

/** Lints, applies or previews certain fixes, adds suggestions, and applies a baseline. */
export async function lintWithFlags(
  flags: FlagValues,
  options: LintOptions,
  lint: (options: LintOptions) => Promise<LintResult>,
  io: FlagIo,
): Promise<LintResult> {
  const fixing = flags.fix || flags.fixDryRun;

  if (flags.fix && flags.fixDryRun)
    throw new LintInputError('--fix and --fix-dry-run exclude each other: give one');
  if (fixing && options.paths.includes('-'))
    throw new LintInputError('--fix and --fix-dry-run need files, not stdin (-)');

  const cwd = options.cwd ?? process.cwd();
  const base = options.fs ?? diskFileSystem;
  const baseline =
    flags.baseline !== undefined ? readBaseline(flags.baseline, cwd, base) : undefined;
  let result: LintResult | undefined;

  if (fixing) {
    // Later passes lint the same tree again: their notes would only repeat the first's.
    const quiet = () => {};
    let first: LintResult | undefined;
    // One read of every file for the whole run: each pass and the fixes see the bytes the first
    // pass linted, and the write compares the disk with those (a file edited since then is left
    // as it is).
    const once = snapshotFileSystem(base);
    const run = await runFixes(
      async (fs) => {
        result = await lint({ ...options, fs, note: result ? quiet : options.note });
        first ??= result;

        return result.findings;
      },
      once,
      // Links resolve as the lint followed them (the path map, the guard); never outside the root.
      (file) => first?.fileToFix(file),
    );
    const count = run.changes.reduce((n, c) => n + c.fixes.length, 0);
    const show = (file: string) => relative(cwd, file) || file;

    // A dry run writes nothing, so the files still hold what the first pass found; --fix
    // reports what is left in the fixed files.
    result = flags.fixDryRun
      ? {
          ...first!,
          findings: withWritableFixes(run.initial, first!.fileToFix),
          readSource: unfixedReader(first!.readSource, run.changes, once),
        }
      : { ...result!, findings: withWritableFixes(run.findings, result!.fileToFix) };

    if (flags.fixDryRun) {
      io.write(formatChanges(run.changes, cwd));
      io.note(
        `--fix-dry-run: ${count} fix${count === 1 ? '' : 'es'} would change ${run.changes.length} file${run.changes.length === 1 ? '' : 's'}; nothing was written`,
      );
    } else {
      const { written, failed } = writeChanges(run.changes, io.layer ?? diskWriteLayer);

      for (const file of written) io.note(`fixed ${show(file)}`);

      if (failed.length) {
        const list = failed.map((f) => {
          const code = (f.error as NodeJS.ErrnoException).code;

          return `${show(f.file)} (${code === CHANGED_CODE ? 'changed while ngxlint ran' : (code ?? f.error.message)})`;
        });

        throw new LintInputError(
          `cannot write ${list.join(', ')}: left unchanged, nothing else was affected`,
        );
      }
    }
  } else {
    result = await lint(options);
    // The run's own reader: each file decoded once, from the bytes the lint read.
    result = {
      ...result,
      findings: withWritableFixes(
        provideFixes(result.findings, result.readSource),
        result.fileToFix,
      ),
    };
  }

  // A baseline written beside --baseline records every finding of today, those the old
  // baseline hides included: --baseline B --write-baseline B brings B up to date.
  const unfiltered = result!.findings;

  if (baseline) result = { ...result!, findings: applyBaseline(result!.findings, baseline) };

  if (flags.writeBaseline !== undefined) {
    const written = createBaseline(unfiltered, result!.project.root, VERSION);

    writeBaselineFile(flags.writeBaseline, serializeBaseline(written), cwd, io.layer);
    io.note(
      `wrote a baseline of ${written.findings.length} finding${written.findings.length === 1 ? '' : 's'} to ${flags.writeBaseline}`,
    );
    result = { ...result!, findings: applyBaseline(result!.findings, written) };
  }

  return result!;
}

/** Source excerpts of a dry run show the files as they are, not the fixed text it linted last. */
function unfixedReader(
  read: LintResult['readSource'],
  changes: { file: string; before: string }[],
  fs: FileSystem,
): LintResult['readSource'] {
  const before = new Map(changes.map((c) => [c.file, c.before]));

  return (file) => {
    let real = file;

    try {
      real = fs.realpath(file);
    } catch {
      // Unresolvable: read as given.
    }

    return before.get(real) ?? read(file);
  };
}

function readBaseline(file: string, cwd: string, fs: FileSystem) {
  let text: string;

  try {
    // From the disk a baseline may be a pipe (`--baseline <(git show main:baseline.json)`),
    // which the lint's own reads refuse.
    const path = resolve(cwd, file);

    text = (
      fs === diskFileSystem ? readNamedFile(path, { pipes: true }) : fs.readFile(path)
    ).toString('utf8');
  } catch (error) {
    throw new LintInputError(`--baseline ${file}: cannot read it (${readFailureText(error)})`);
  }

  try {
    return parseBaseline(text, file);
  } catch (error) {
    if (error instanceof BaselineError) throw new LintInputError(error.message);
    throw error;
  }
}

function writeBaselineFile(file: string, text: string, cwd: string, layer?: WriteLayer): void {
  try {
    writeFileAtomic(resolve(cwd, file), Buffer.from(text, 'utf8'), layer);
  } catch (error) {
    throw new LintInputError(
      `--write-baseline ${file}: cannot write it (${writeFailureReason(error)})`,
    );
  }
}
