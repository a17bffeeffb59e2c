// Every read of /proc (and /etc/passwd) goes through a ProcReader, so tests can make an entry
// vanish or fail mid-scan. Implementations throw Node-shaped errors (`code`: ENOENT, EACCES,
// ESRCH …); callers treat any failure of one process's entry as "that process is not visible".
import * as nodeFs from 'node:fs';

export interface ProcReader {
  readFile(path: string): string;
  readdir(path: string): string[];
  readlink(path: string): string;
}

/** The real /proc. */
export const diskProcReader: ProcReader = {
  readFile: (path) => nodeFs.readFileSync(path, 'utf8'),
  readdir: (path) => nodeFs.readdirSync(path),
  readlink: (path) => nodeFs.readlinkSync(path),
};

/** The error code of a failed read, or `EUNKNOWN` for something that is not a Node error. */
export function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;

  return typeof code === 'string' ? code : 'EUNKNOWN';
}

/** Runs a read and gives `undefined` when it fails, for entries that may vanish at any time. */
export function tryRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
