// An in-memory ProcReader for tests: files map to strings, a key ending in `/` lists a folder,
// and a missing key throws ENOENT as the real /proc does for a process that has exited.
import type { ProcReader } from '../../src/live/proc-reader.js';
import { fsError } from '../../src/include/fs.js';

export function fakeProc(entries: Record<string, string | string[]>): ProcReader {
  const read = (path: string, syscall: string): string | string[] => {
    const value = entries[path];

    if (value === undefined) throw fsError('ENOENT', syscall, path);

    return value;
  };

  return {
    readFile: (path) => String(read(path, 'open')),
    readdir: (path) => {
      const listed = entries[`${path}/`];

      if (Array.isArray(listed)) return listed;
      if (path === '/proc') {
        return [
          ...new Set(Object.keys(entries).map((k) => /^\/proc\/(\d+)\//.exec(k)?.[1])),
        ].filter((p): p is string => p !== undefined);
      }

      throw fsError('ENOENT', 'scandir', path);
    },
    readlink: (path) => String(read(path, 'readlink')),
  };
}
