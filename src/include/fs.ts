// All file access of a run goes through a FileSystem, so tests and editors can lint in-memory
// trees and inject read failures. Errors are thrown as Node's errors (with `code`: ENOENT,
// EACCES, EIO, ELOOP, EISDIR …) by every implementation.
import * as nodeFs from 'node:fs';

export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
  /** FIFO, socket or device: never read as a config. */
  isSpecial: boolean;
  size: number;
}

export interface FileSystem {
  readFile(path: string): Buffer;
  /** Follows symlinks. */
  stat(path: string): FileStat;
  /** Does not follow a final symlink. */
  lstat(path: string): FileStat;
  readdir(path: string): string[];
  realpath(path: string): string;
}

function toStat(s: nodeFs.Stats): FileStat {
  return {
    isFile: s.isFile(),
    isDirectory: s.isDirectory(),
    isSymbolicLink: s.isSymbolicLink(),
    isSpecial: s.isFIFO() || s.isSocket() || s.isCharacterDevice() || s.isBlockDevice(),
    size: s.size,
  };
}

/** The real disk. */
export const diskFileSystem: FileSystem = {
  readFile: (path) => nodeFs.readFileSync(path),
  stat: (path) => toStat(nodeFs.statSync(path)),
  lstat: (path) => toStat(nodeFs.lstatSync(path)),
  readdir: (path) => nodeFs.readdirSync(path),
  // The C realpath: the JavaScript one lstat()s each component in turn, 3x slower here.
  realpath: (path) => nodeFs.realpathSync.native(path),
};

/** Makes an error shaped like Node's, for file systems that are not the disk. */
export function fsError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${syscall} '${path}'`);

  error.code = code;
  error.syscall = syscall;
  error.path = path;

  return error;
}

/**
 * One run's view of a file system: each path is read, stat'ed, resolved and listed at most once
 * (failures included), so discovery, the parser and suppressions share one read of every file
 * and all see the same bytes. Listings are handed out as copies: callers sort them in place.
 */
export function snapshotFileSystem(base: FileSystem): FileSystem {
  const readdir = remember((path) => base.readdir(path));

  return {
    readFile: remember((path) => base.readFile(path)),
    // Not answered from an earlier lstat: the parser stats a file right before reading it, so
    // a file swapped for a FIFO in between is not opened (an open of a FIFO blocks).
    stat: remember((path) => base.stat(path)),
    lstat: remember((path) => base.lstat(path)),
    readdir: (path) => readdir(path).slice(),
    realpath: remember((path) => base.realpath(path)),
  };
}

function remember<T>(read: (path: string) => T): (path: string) => T {
  const outcomes = new Map<string, { value: T } | { error: unknown }>();

  return (path) => {
    let outcome = outcomes.get(path);

    if (outcome === undefined) {
      try {
        outcome = { value: read(path) };
      } catch (error) {
        outcome = { error };
      }

      outcomes.set(path, outcome);
    }

    if ('error' in outcome) throw outcome.error;

    return outcome.value;
  };
}
