// All file access of a run goes through a FileSystem, so tests and editors can lint in-memory
// trees and inject read failures. Errors are thrown as Node's errors (with `code`: ENOENT,
// EACCES, EIO, ELOOP, EISDIR …) by every implementation.
import * as nodeFs from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';

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
  /** The target of a symlink as written; file systems without links may leave it out. */
  readlink?(path: string): string;
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

/**
 * The one device a config may include: nginx reads a device by its size, 0, so
 * `include /dev/null;` (or a file linked to it, a common way to switch a snippet off) is an
 * empty file. Other devices stay refused: `include /dev/zero;` is surely a mistake.
 */
export const NULL_DEVICE = '/dev/null';

/** Whether a path names the null device as written (`/dev/null`, `/dev/./null`). */
export function namesNullDevice(path: string): boolean {
  return posix.normalize(path) === NULL_DEVICE;
}

/** The `code` of the error readFile throws for a FIFO, socket or device (BSD's errno name). */
export const NOT_REGULAR_CODE = 'EFTYPE';

/**
 * Reads a regular file without ever blocking: the file is opened non-blocking and checked
 * after the open, so one swapped for a FIFO or a device since it was stat'ed is refused (an
 * open of a FIFO waits for a writer; /dev/zero never ends), not waited on.
 */
function readRegularFile(path: string): Buffer {
  const { O_RDONLY, O_NONBLOCK } = nodeFs.constants;
  const fd = nodeFs.openSync(path, O_RDONLY | O_NONBLOCK);

  try {
    const stat = nodeFs.fstatSync(fd);

    if (stat.isDirectory()) throw fsError('EISDIR', 'read', path);
    if (!stat.isFile()) throw fsError(NOT_REGULAR_CODE, 'open', path);

    return readToEnd(fd, stat.size);
  } finally {
    nodeFs.closeSync(fd);
  }
}

/** The bytes of an open file: `size` of them as its stat gave (as readFileSync reads), or, for
 * a file whose stat gives no size (/proc), everything up to the end. */
function readToEnd(fd: number, size: number): Buffer {
  let buffer = Buffer.allocUnsafeSlow(size > 0 ? size : 8192);
  let length = 0;

  for (;;) {
    if (length === buffer.length) {
      if (size > 0) break;

      const bigger = Buffer.allocUnsafeSlow(buffer.length * 2);

      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }

    const read = nodeFs.readSync(fd, buffer, length, buffer.length - length, null);

    if (read === 0) break;
    length += read;
  }

  return length === buffer.length ? buffer : buffer.subarray(0, length);
}

/**
 * A file the user names on the command line (--config, --baseline, --from-ss): a regular file,
 * or, when `pipes` allows, a pipe the user set up (`--baseline <(git show …)`), read to its
 * end. A device or socket is refused: /dev/zero would fill the memory.
 */
export function readNamedFile(path: string, options: { pipes: boolean }): Buffer {
  if (options.pipes && nodeFs.statSync(path).isFIFO()) return nodeFs.readFileSync(path);

  return readRegularFile(path);
}

/** A read failure in words for a message: the errno name, or "not a regular file". */
export function readFailureText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;

  return code === NOT_REGULAR_CODE ? 'not a regular file' : (code ?? String(error));
}

/** The real disk. readFile reads regular files only (NOT_REGULAR_CODE for the rest). */
export const diskFileSystem: FileSystem = {
  readFile: readRegularFile,
  stat: (path) => toStat(nodeFs.statSync(path)),
  lstat: (path) => toStat(nodeFs.lstatSync(path)),
  readdir: (path) => nodeFs.readdirSync(path),
  // The C realpath: the JavaScript one lstat()s each component in turn, 3x slower here.
  realpath: (path) => nodeFs.realpathSync.native(path),
  readlink: (path) => nodeFs.readlinkSync(path),
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
    ...(base.readlink ? { readlink: remember((path) => base.readlink!(path)) } : {}),
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

/** How many links one path may pass through, as the kernel allows (then ELOOP). */
export const MAX_LINKS = 40;

/**
 * Where `path` leads when its links are followed by their text (readlink), component by
 * component as the kernel resolves a path, without opening anything. `redirect` sees each
 * link's target (absolute) and returns where to go on, or undefined to stop there (then so
 * does this, as for a loop of links). A component that cannot be lstat'ed is taken as it is.
 * `startOf` names the folder a path is walked from (what lies above it is taken as it is).
 */
export function followLinks(
  fs: FileSystem,
  path: string,
  redirect: (target: string) => string | undefined,
  startOf: (path: string) => string = () => sep,
): string | undefined {
  if (!fs.readlink) return resolve(path);

  let current = '';
  let rest: string[] = [];
  const walkFrom = (absolute: string) => {
    current = startOf(absolute);
    rest = relative(current, absolute).split(sep).filter(Boolean);
  };

  walkFrom(resolve(path));

  for (let hops = 0; rest.length > 0;) {
    const next = join(current, rest[0]);
    let link = false;

    try {
      link = fs.lstat(next).isSymbolicLink;
    } catch {
      // Missing, or refused outside a root (a root guard's ancestors): taken as it is.
    }

    if (!link) {
      current = next;
      rest = rest.slice(1);
      continue;
    }

    // A loop, or a chain longer than the kernel follows: ELOOP, it leads nowhere.
    if ((hops += 1) > MAX_LINKS) return undefined;

    const target = redirect(resolve(current, fs.readlink(next)));

    if (target === undefined) return undefined;

    walkFrom(join(target, ...rest.slice(1)));
  }

  return current;
}
