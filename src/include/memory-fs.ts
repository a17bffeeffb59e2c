// An in-memory FileSystem for tests and editors: a map of absolute paths to contents, folders
// implied by the paths, optional injected failures per path. Symlinks are entries `{ link }`.
import { dirname, posix, resolve } from 'node:path';
import { fsError, MAX_LINKS, type FileStat, type FileSystem } from './fs.js';

export type MemoryEntry =
  | string
  | Buffer
  | { link: string }
  | { fifo: true }
  | { error: string; syscall?: 'open' | 'read' };

function stat(kind: 'file' | 'dir' | 'link' | 'special', size = 0): FileStat {
  return {
    isFile: kind === 'file',
    isDirectory: kind === 'dir',
    isSymbolicLink: kind === 'link',
    isSpecial: kind === 'special',
    size,
  };
}

/** Builds a FileSystem over `files` (absolute paths). Paths not listed are missing. */
export function memoryFileSystem(files: Record<string, MemoryEntry>): FileSystem {
  const entries = new Map<string, MemoryEntry>();
  const dirs = new Set<string>(['/']);

  for (const [path, entry] of Object.entries(files)) {
    const abs = resolve(path);

    entries.set(abs, entry);

    for (let d = dirname(abs); !dirs.has(d); d = dirname(d)) dirs.add(d);
  }

  const follow = (path: string, syscall: string): string => {
    let current = resolve(path);

    for (let hops = 0; ; hops++) {
      const entry = entries.get(current);

      if (entry === undefined || typeof entry === 'string' || Buffer.isBuffer(entry)) {
        return current;
      }

      if (!('link' in entry)) return current;
      if (hops >= MAX_LINKS) throw fsError('ELOOP', syscall, path);

      current = resolve(dirname(current), entry.link);
    }
  };

  const statOf = (abs: string, syscall: string, original: string): FileStat => {
    const entry = entries.get(abs);

    if (entry === undefined) {
      if (dirs.has(abs)) return stat('dir');

      throw fsError('ENOENT', syscall, original);
    }

    if (typeof entry === 'string') return stat('file', Buffer.byteLength(entry));
    if (Buffer.isBuffer(entry)) return stat('file', entry.length);
    if ('link' in entry) return stat('link');
    if ('fifo' in entry) return stat('special');
    if (entry.syscall !== 'read') throw fsError(entry.error, syscall, original);

    return stat('file');
  };

  return {
    readFile(path) {
      const abs = follow(path, 'open');
      const entry = entries.get(abs);

      if (entry === undefined) {
        throw fsError(dirs.has(abs) ? 'EISDIR' : 'ENOENT', dirs.has(abs) ? 'read' : 'open', path);
      }

      if (typeof entry === 'string') return Buffer.from(entry, 'utf8');
      if (Buffer.isBuffer(entry)) return entry;
      if ('error' in entry) throw fsError(entry.error, entry.syscall ?? 'open', path);

      throw fsError('EINVAL', 'read', path);
    },
    stat: (path) => statOf(follow(path, 'stat'), 'stat', path),
    lstat: (path) => statOf(resolve(path), 'lstat', path),
    readdir(path) {
      const abs = resolve(path);

      if (!dirs.has(abs)) throw fsError(entries.has(abs) ? 'ENOTDIR' : 'ENOENT', 'scandir', path);

      const names = new Set<string>();

      for (const p of [...entries.keys(), ...dirs]) {
        if (p !== abs && dirname(p) === abs) names.add(posix.basename(p));
      }

      return [...names].sort();
    },
    realpath: (path) => follow(path, 'realpath'),
  };
}
