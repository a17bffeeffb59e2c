// What the parse, lex and format commands share: reading the entry (a file or `-` for stdin),
// refusing unusable input as a usage error, and writing output atomically.
import { readFileSync, renameSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { diskFileSystem } from '../include/fs.js';
import { UsageError } from '../cli/errors.js';
import { readConfigFile } from '../include/resolve.js';
import { isStreamTarget, temporarySibling, writeStream } from '../fix/write.js';

export class InputError extends Error {
  override name = 'InputError';
}

/** The entry's bytes: stdin for `-`, else the file (a missing or special file is refused). */
export function readEntry(file: string): Buffer {
  if (file === '-') return readFileSync(0);

  const read = readConfigFile(diskFileSystem, resolve(file), file);

  if ('problem' in read) throw new InputError(read.problem.message);

  return read.bytes;
}

/** A file an output cannot be written to, named as the user gave it (`label` is the flag and
 * the path, `--out x.json`): a usage error, exit 2. */
export class OutputFileError extends UsageError {
  override name = 'OutputFileError';

  constructor(label: string, reason: string) {
    super(`${label}: cannot write it (${reason})`);
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a folder on its path is a file',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EFBIG: 'the file is too large',
  ENAMETOOLONG: 'the name is too long',
  EPIPE: 'the reader of the pipe went away',
  ENXIO: 'nothing can be written there',
};

/** Why writing failed, in words, from a Node error (never the temporary file's name). */
export function writeFailureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;

  return code ? (REASONS[code] ? `${REASONS[code]}, ${code}` : code) : String(error);
}

/**
 * Refuses, before anything is written, a path that cannot be an output file: one that names a
 * folder (also by a trailing `/`, which resolve() would drop and so replace what the name
 * without it is), an empty path, or a socket (which cannot be opened for writing).
 */
export function checkOutputPath(label: string, path: string): void {
  if (path === '') throw new OutputFileError(label, 'it names no file');
  // `-` is stdin where a file is read; as an output it would make a file named `-`.
  if (path === '-') {
    throw new OutputFileError(
      label,
      '"-" is no file name here; leave the flag out to write to stdout',
    );
  }
  if (spellsFolder(path)) {
    throw new OutputFileError(label, writeFailureReason({ code: 'EISDIR' }));
  }

  let stat;

  try {
    stat = statSync(path);
  } catch {
    // Missing is fine: the write creates it, or fails with its own reason.
    return;
  }

  if (stat.isDirectory()) throw new OutputFileError(label, writeFailureReason({ code: 'EISDIR' }));
  if (stat.isSocket())
    throw new OutputFileError(label, 'it is a socket, nothing can be written there');
}

/** A path spelled as a folder (`x/`, `.`, `..`), which resolve() would turn into the folder's
 * own name, or empty. */
export function spellsFolder(path: string): boolean {
  return path === '' || path.endsWith('/') || /(^|\/)\.\.?$/.test(path);
}

/** Writes `text` to `path` through a temporary file and a rename, so no half file is left;
 * a failure is an OutputFileError naming `path` as given, with `flag`. */
export function writeAtomically(
  path: string,
  text: string | Buffer,
  label = `--out ${path}`,
): void {
  checkOutputPath(label, path);

  if (isStreamTarget(path)) {
    try {
      writeStream(path, text);
    } catch (error) {
      throw new OutputFileError(label, writeFailureReason(error));
    }

    return;
  }

  const target = resolve(path);
  const temp = temporarySibling(target);

  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was written.
    }

    throw new OutputFileError(label, writeFailureReason(error));
  }
}
