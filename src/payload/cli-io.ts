// What the parse, lex and format commands share: reading the entry (a file or `-` for stdin),
// refusing unusable input as a usage error, and writing output atomically.
import { readFileSync, renameSync, writeFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { diskFileSystem } from '../include/fs.js';
import { readConfigFile } from '../include/resolve.js';

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

/** Writes `text` to `path` through a temporary file and a rename, so no half file is left. */
export function writeAtomically(path: string, text: string | Buffer): void {
  const temp = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.tmp`);

  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was written.
    }

    throw error;
  }
}
