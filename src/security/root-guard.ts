// Keeps a run inside its root. In a repository checkout (CI on a pull request) a config may
// `include /etc/shadow;` or plant a symlink to it: the guard refuses every access whose real
// path, symlinks resolved, lies outside the root, before the file is opened or even stat'ed.
// The parser turns the refusal into an `outside-root` error at the include (rule NGX008).
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import {
  followLinks,
  fsError,
  NULL_DEVICE,
  type FileStat,
  type FileSystem,
} from '../include/fs.js';

/** The `code` of the error a guarded FileSystem throws for a path outside the root. */
export const OUTSIDE_ROOT_CODE = 'EOUTSIDEROOT';

export interface RefusedAccess {
  /** The path as it was asked for. */
  path: string;
  /** Where it really leads (symlinks resolved), when that could be found. */
  realPath?: string;
  syscall: string;
}

export interface GuardedFileSystem extends FileSystem {
  /** The root as given, and with symlinks resolved. */
  readonly root: string;
  readonly realRoot: string;
  /** Every access refused so far, in order. */
  readonly refused: RefusedAccess[];
}

/** True for the error a guarded FileSystem throws for a path outside the root. */
export function isOutsideRootError(error: unknown): error is NodeJS.ErrnoException {
  return (error as NodeJS.ErrnoException | null)?.code === OUTSIDE_ROOT_CODE;
}

/** True when `path` is `root` or lies below it (both absolute and normalised). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);

  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/** Wraps `inner` so that nothing outside `root` is read, listed or stat'ed. */
export function guardFileSystem(inner: FileSystem, root: string): GuardedFileSystem {
  const lexicalRoot = resolve(root);
  const realRoot = inner.realpath(lexicalRoot);
  const refused: RefusedAccess[] = [];
  const insideRoot = (path: string) => isInside(path, realRoot) || isInside(path, lexicalRoot);

  const refuse = (syscall: string, path: string, realPath?: string): never => {
    refused.push({ path, realPath, syscall });

    throw fsError(OUTSIDE_ROOT_CODE, syscall, path);
  };

  /**
   * Where the links on the way to a path that does not resolve first lead outside the root,
   * found from their text: only links inside the root are read, nothing outside is touched.
   */
  const linkOutside = (path: string): string | undefined => {
    let outside: string | undefined;
    const leaveAt = (target: string) => {
      if (insideRoot(target)) return target;

      outside = target;

      return undefined;
    };

    // Walked from the root: the folders above it are where they are (the root may be reached
    // through a link of its own).
    followLinks(inner, path, leaveAt, (p) => (isInside(p, lexicalRoot) ? lexicalRoot : realRoot));

    return outside;
  };

  /**
   * The real path of `path` when it lies inside the root. A path that does not exist is
   * judged by its deepest existing ancestor, so a missing file behind a symlink to /etc
   * reveals nothing about /etc either.
   */
  const realInside = (syscall: string, path: string, followLast: boolean): string => {
    const absolute = resolve(path);

    // The null device holds nothing to leak: nginx reads it as an empty file.
    if (absolute === NULL_DEVICE) return absolute;

    // Refuse before any system call: not even stat() reaches a path outside the root.
    if (!insideRoot(absolute)) refuse(syscall, path);

    // lstat() of the root itself: its parent is outside, the root is not.
    if (!followLast && (absolute === lexicalRoot || absolute === realRoot)) return absolute;

    const target = followLast ? absolute : dirname(absolute);
    let real: string;

    try {
      real = inner.realpath(target);
    } catch (error) {
      const ancestor = deepestRealAncestor(inner, target);

      if (ancestor && !insideRoot(ancestor)) refuse(syscall, path, ancestor);

      // A link out of the root is refused whether its target exists or not: a missing target
      // answered otherwise would tell whether /etc/anything exists.
      const lead = linkOutside(target);

      if (lead) refuse(syscall, path, lead);
      throw error;
    }

    const full = followLast ? real : join(real, basename(absolute));

    if (full === NULL_DEVICE) return full;
    if (!insideRoot(full)) refuse(syscall, path, full);

    return full;
  };

  return {
    root: lexicalRoot,
    realRoot,
    refused,
    readFile: (path) => inner.readFile(realInside('open', path, true)),
    stat: (path) => inner.stat(realInside('stat', path, true)),
    lstat: (path): FileStat => {
      realInside('lstat', path, false);

      return inner.lstat(path);
    },
    readdir: (path) => inner.readdir(realInside('scandir', path, true)),
    realpath: (path) => realInside('realpath', path, true),
    // The link itself must be inside; where it points is judged when that path is used.
    ...(inner.readlink
      ? {
          readlink: (path: string) => {
            realInside('readlink', path, false);

            return inner.readlink!(path);
          },
        }
      : {}),
  };
}

function deepestRealAncestor(fs: FileSystem, path: string): string | undefined {
  let current = dirname(path);
  const rest: string[] = [basename(path)];

  for (;;) {
    try {
      return join(fs.realpath(current), ...rest);
    } catch {
      const parent = dirname(current);

      if (parent === current) return undefined;
      rest.unshift(basename(current));
      current = parent;
    }
  }
}

export interface CheckoutGuardOptions {
  /** The root was given with --root. */
  rootGiven: boolean;
  /** --allow-outside-root: read what the config names, wherever it is. */
  allowOutsideRoot?: boolean;
}

/**
 * The FileSystem a lint run reads through. In a repository checkout (a git work tree, or a
 * root given with --root) that is the guard; linting a server's own /etc/nginx (neither) reads
 * what nginx reads, Debian's modules-enabled links into /usr/share included.
 */
export function checkoutFileSystem(
  fs: FileSystem,
  root: string,
  options: CheckoutGuardOptions,
): FileSystem {
  if (options.allowOutsideRoot) return fs;
  if (!options.rootGiven && !isGitCheckout(fs, root)) return fs;

  return guardFileSystem(fs, root);
}

function isGitCheckout(fs: FileSystem, root: string): boolean {
  try {
    fs.lstat(join(root, '.git'));

    return true;
  } catch {
    return false;
  }
}
