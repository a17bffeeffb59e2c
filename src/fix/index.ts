// --fix and --fix-dry-run: lint, apply the certain fixes in memory, lint again over the fixed
// text until nothing more is certain (at most MAX_PASSES), then write every changed file
// atomically or print the diff. Suggestions are never applied.
import { relative } from 'node:path';
import type { FileSystem } from '../include/fs.js';
import type { Edit, Finding, Fix } from '../engine/types.js';
import { unifiedDiff } from './diff.js';
import { applySpans, linedText, spanOf, spansOverlap, type LinedText, type Span } from './edits.js';
import { fixHolds, type FixedFinding } from './verify.js';
import { provideFixes } from './providers.js';
import { diskWriteLayer, writeFileAtomic, type WriteLayer } from './write.js';

export { provideFixes } from './providers.js';
export { unifiedDiff } from './diff.js';
export { diskWriteLayer, writeFileAtomic, type WriteLayer, type WriteStat } from './write.js';

export const MAX_PASSES = 10;

export interface FileChange {
  /** The real file (symlinks resolved): what a write replaces. */
  file: string;
  before: string;
  after: string;
  /** Descriptions of the fixes applied to it, in order. */
  fixes: string[];
}

export interface FixRun {
  /** Findings of the last pass: what remains after the fixes. */
  findings: Finding[];
  /** Findings of the first pass: what the files hold before any fix. */
  initial: Finding[];
  changes: FileChange[];
  passes: number;
}

/**
 * Lints through an overlay of the file system that holds the fixed text, applying certain
 * fixes pass after pass. lintWith must read every file through the FileSystem it is given.
 */
export async function runFixes(
  lintWith: (fs: FileSystem) => Promise<Finding[]>,
  base: FileSystem,
  /** The file a fix of `file` edits, as the lint read it (its guard and path map); undefined
   * where no fix may write. By default the file's real path. */
  fileOf?: (file: string) => string | undefined,
): Promise<FixRun> {
  const overlay = new Map<string, { before: string; after: string; fixes: string[] }>();
  const fs = overlayFileSystem(base, overlay);
  const where = fileOf ?? ((file: string) => realPath(fs, file));
  const readText = (file: string) => readUtf8(fs, file);
  let findings: Finding[] = [];
  let initial: Finding[] | undefined;
  let passes = 0;

  while (passes < MAX_PASSES) {
    passes += 1;

    const pass = applyPass(provideFixes(await lintWith(fs), readText), fs, overlay, where);

    findings = pass.findings;
    initial ??= findings;

    if (!pass.applied) break;
  }

  const changes = [...overlay]
    .filter(([, c]) => c.before !== c.after)
    .map(([file, c]) => ({ file, ...c }));

  return { findings, initial: initial ?? [], changes, passes };
}

/**
 * Applies the certain fixes of one pass to the overlay. A fix whose result, parsed again,
 * still has its syntax error or has more of them is not applied, and its finding comes back
 * with that fix as a suggestion.
 */
function applyPass(
  findings: Finding[],
  fs: FileSystem,
  overlay: Map<string, { before: string; after: string; fixes: string[] }>,
  where: (file: string) => string | undefined,
): { applied: boolean; findings: Finding[] } {
  const spans = new Map<string, Span[]>();
  const texts = new Map<string, LinedText>();
  const taken: Taken[] = [];

  for (const finding of findings) {
    const fix = finding.suppressed ? undefined : finding.fixes?.find((f) => f.certain);

    if (!fix || fix.edits.length === 0) continue;

    const planned = planFix(fix.edits, fs, texts, spans, where);

    if (!planned) continue;

    for (const [file, own] of planned) spans.set(file, [...(spans.get(file) ?? []), ...own]);
    taken.push({ finding, file: where(finding.file) ?? finding.file, fix, planned });
  }

  const refused = refuseFailing(taken, texts, spans);
  const kept = taken.filter((t) => !refused.has(t.fix));

  for (const file of spans.keys()) {
    const { text } = texts.get(file)!;
    const entry = overlay.get(file) ?? { before: text, after: text, fixes: [] };
    const mine = kept.filter((t) => t.planned.has(file));

    if (mine.length === 0) continue;

    entry.after = applySpans(
      text,
      mine.flatMap((t) => t.planned.get(file)!),
    );
    entry.fixes.push(...mine.map((t) => t.fix.description));
    overlay.set(file, entry);
  }

  const marked = findings.map((f) =>
    f.fixes?.some((x) => refused.has(x))
      ? { ...f, fixes: f.fixes.map((x) => (refused.has(x) ? { ...x, certain: false } : x)) }
      : f,
  );

  return { applied: kept.length > 0, findings: marked };
}

/**
 * The fixes whose result does not hold. Each file is checked once with all its fixes; only a
 * file that fails is checked fix by fix, so a pass costs one parse per file in the usual case.
 */
function refuseFailing(
  taken: Taken[],
  texts: Map<string, LinedText>,
  spans: Map<string, Span[]>,
): Set<Fix> {
  const refused = new Set<Fix>();

  for (const [file, all] of spans) {
    const { text } = texts.get(file)!;
    const here = taken.filter((t) => t.planned.has(file));

    if (fixHolds(file, text, all, here)) continue;

    const good = here.filter((t) => fixHolds(file, text, t.planned.get(file)!, [t]));

    // Fixes that hold alone but not together: the first now, the others in the next pass.
    const together = fixHolds(
      file,
      text,
      good.flatMap((t) => t.planned.get(file)!),
      good,
    );
    const kept = together ? good : good.slice(0, 1);

    for (const t of here) if (!kept.includes(t)) refused.add(t.fix);
  }

  return refused;
}

interface Taken extends FixedFinding {
  fix: Fix;
  planned: Map<string, Span[]>;
}

/**
 * A fix's spans per real file, or undefined when a file is unreadable, one no fix may write,
 * or an edit collides.
 */
function planFix(
  edits: Edit[],
  fs: FileSystem,
  texts: Map<string, LinedText>,
  taken: Map<string, Span[]>,
  where: (file: string) => string | undefined,
): Map<string, Span[]> | undefined {
  const own = new Map<string, Span[]>();

  for (const edit of edits) {
    const file = where(edit.file);

    if (file === undefined) return undefined;

    if (!texts.has(file)) {
      const text = readUtf8(fs, file);

      if (text === undefined) return undefined;
      texts.set(file, linedText(text));
    }

    const { text, starts } = texts.get(file)!;
    const span = spanOf(edit, starts, text.length);
    const others = [...(taken.get(file) ?? []), ...(own.get(file) ?? [])];

    if (others.some((o) => spansOverlap(o, span))) return undefined;
    own.set(file, [...(own.get(file) ?? []), span]);
  }

  return own;
}

/** Writes each change atomically; a failed write leaves that file as it was. */
export function writeChanges(
  changes: FileChange[],
  layer: WriteLayer = diskWriteLayer,
): { written: string[]; failed: { file: string; error: Error }[] } {
  const written: string[] = [];
  const failed: { file: string; error: Error }[] = [];

  for (const change of changes) {
    try {
      writeFileAtomic(
        change.file,
        Buffer.from(change.after, 'utf8'),
        layer,
        Buffer.from(change.before, 'utf8'),
      );
      written.push(change.file);
    } catch (error) {
      failed.push({ file: change.file, error: error as Error });
    }
  }

  return { written, failed };
}

/**
 * A certain fix that would write where no fix may (outside the root, or a file the lint could
 * not resolve) is offered as a suggestion: --fix leaves it, so the output must not promise it.
 */
export function withWritableFixes(
  findings: Finding[],
  fileOf: (file: string) => string | undefined,
): Finding[] {
  const writable = (fix: Fix) => fix.edits.every((edit) => fileOf(edit.file) !== undefined);

  return findings.map((f) =>
    f.fixes?.some((x) => x.certain && !writable(x))
      ? {
          ...f,
          fixes: f.fixes.map((x) => (x.certain && !writable(x) ? { ...x, certain: false } : x)),
        }
      : f,
  );
}

/** The diff --fix-dry-run prints, paths relative to the working directory. */
export function formatChanges(changes: FileChange[], cwd: string): string {
  return changes
    .map((c) => unifiedDiff(relative(cwd, c.file) || c.file, c.before, c.after))
    .join('');
}

/** The base file system with the fixed text of some files in place of their bytes. */
export function overlayFileSystem(
  base: FileSystem,
  overlay: Map<string, { after: string }>,
): FileSystem {
  const fixed = (path: string) => overlay.get(realPath(base, path));

  return {
    ...base,
    readFile: (path) => {
      const entry = fixed(path);

      return entry ? Buffer.from(entry.after, 'utf8') : base.readFile(path);
    },
    stat: (path) => {
      const stat = base.stat(path);
      const entry = fixed(path);

      return entry ? { ...stat, size: Buffer.byteLength(entry.after) } : stat;
    },
  };
}

function realPath(fs: FileSystem, path: string): string {
  try {
    return fs.realpath(path);
  } catch {
    return path;
  }
}

/** The file as text, or undefined when it cannot be read or is not valid UTF-8 (its bytes
 * would not survive a round trip through a string). */
function readUtf8(fs: FileSystem, file: string): string | undefined {
  try {
    const bytes = fs.readFile(file);
    const text = bytes.toString('utf8');

    return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
  } catch {
    return undefined;
  }
}
