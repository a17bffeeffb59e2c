// Writes fixed files atomically: a temporary file beside the target, given the target's mode
// and owner, then renamed over it, so a reader sees the old bytes or the new, never half.
// A symlink (a sites-enabled link) stays a link: its target is what gets replaced. Every call
// goes through a WriteLayer so tests can make any step fail.
import * as nodeFs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export interface WriteStat {
  mode: number;
  uid: number;
  gid: number;
}

export interface WriteLayer {
  /** Follows every symlink of the path. */
  realpath(path: string): string;
  stat(path: string): WriteStat;
  /** Creates a new file (never an existing one) with the given mode and contents. */
  createFile(path: string, data: Buffer, mode: number): void;
  chown(path: string, uid: number, gid: number): void;
  chmod(path: string, mode: number): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  readFile(path: string): Buffer;
}

/** The `code` of the error writeFileAtomic throws when the file is no longer what was read. */
export const CHANGED_CODE = 'ECHANGED';

export const diskWriteLayer: WriteLayer = {
  realpath: (path) => nodeFs.realpathSync(path),
  stat: (path) => {
    const s = nodeFs.statSync(path);

    return { mode: s.mode & 0o7777, uid: s.uid, gid: s.gid };
  },
  createFile: (path, data, mode) => {
    const fd = nodeFs.openSync(path, 'wx', mode);

    try {
      nodeFs.writeFileSync(fd, data);
      nodeFs.fsyncSync(fd);
    } finally {
      nodeFs.closeSync(fd);
    }
  },
  chown: (path, uid, gid) => nodeFs.chownSync(path, uid, gid),
  chmod: (path, mode) => nodeFs.chmodSync(path, mode),
  rename: (from, to) => nodeFs.renameSync(from, to),
  unlink: (path) => nodeFs.unlinkSync(path),
  readFile: (path) => nodeFs.readFileSync(path),
};

/**
 * A hidden temporary name beside `target`. The target's own name is cut to 100 bytes in it, so
 * that a long (but valid) name still leaves a temporary name within the 255 bytes a name may
 * have.
 */
export function temporarySibling(target: string): string {
  let name = '';

  for (const ch of basename(target)) {
    if (Buffer.byteLength(name + ch) > 100) break;
    name += ch;
  }

  return join(
    dirname(target),
    `.${name}.ngxlint-${process.pid}-${randomBytes(6).toString('hex')}.tmp`,
  );
}

/**
 * True when path names (through symlinks) a device, a FIFO or a socket: `-o /dev/stdout`,
 * `-o /dev/null`, a named pipe. Such an output is written to as it is; a temporary file renamed
 * over it would replace the device or pipe itself (as root, /dev/null) with a regular file.
 */
export function isStreamTarget(path: string): boolean {
  try {
    const stat = nodeFs.statSync(path);

    return !stat.isFile() && !stat.isDirectory();
  } catch {
    return false;
  }
}

/** Writes data to a device, FIFO or socket output as it is (see isStreamTarget). */
export function writeStream(path: string, data: Buffer | string): void {
  nodeFs.writeFileSync(path, data);
}

/** Replaces the file that path names (through symlinks) with data; returns the file written.
 * A device, FIFO or socket is written to as it is, never replaced. */
export function writeFileAtomic(
  path: string,
  data: Buffer,
  layer: WriteLayer = diskWriteLayer,
  /** The bytes the file must still hold (a fix of what was read), checked before the rename. */
  unchanged?: Buffer,
): string {
  if (isStreamTarget(path)) {
    writeStream(path, data);

    return path;
  }

  const existing = resolveExisting(path, layer);
  const target = existing?.target ?? path;
  // A new file gets the usual 0666 less the umask, and its creator as owner.
  const { mode, uid, gid } = existing?.stat ?? { mode: 0o666, uid: -1, gid: -1 };
  const temp = temporarySibling(target);

  try {
    layer.createFile(temp, data, mode);

    // Owner first: chown clears set-id bits, which chmod then restores. Only root may give a
    // file away, so a user's own file is not chowned at all.
    if (existing) {
      const made = layer.stat(temp);

      if (made.uid !== uid || made.gid !== gid) layer.chown(temp, uid, gid);
      layer.chmod(temp, mode);
    }

    // An edit made while the run went on would be lost under the rename: leave the file be.
    if (unchanged && !layer.readFile(target).equals(unchanged)) {
      throw Object.assign(new Error(`${target} changed since it was read`), {
        code: CHANGED_CODE,
      });
    }

    layer.rename(temp, target);
  } catch (error) {
    // EEXIST: the name belongs to another file, never ours to remove.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;

    try {
      layer.unlink(temp);
    } catch {
      // The temporary file is already gone or cannot be removed; the target is untouched.
    }

    throw error;
  }

  return target;
}

/** The real file behind path and its mode and owner, or undefined when there is none yet. */
// Known limit: a dangling symlink is replaced by a regular file, not followed.
function resolveExisting(
  path: string,
  layer: WriteLayer,
): { target: string; stat: WriteStat } | undefined {
  let target: string;

  try {
    target = layer.realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }

  return { target, stat: layer.stat(target) };
}
