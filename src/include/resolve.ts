// `include` as nginx resolves it (ngx_conf_include): a relative path is joined to the
// configuration prefix (the main file's folder), never to the including file's; a path with
// `*`, `?` or `[` is a glob whose matches are read in sorted order and which may match nothing;
// a literal path must exist. Reads go through a FileSystem and never block: directories,
// FIFOs and devices are refused before any read.
import { isAbsolute, resolve } from 'node:path';
import { NOT_REGULAR_CODE, NULL_DEVICE, type FileSystem } from './fs.js';
import { escapeControl } from '../security/escape.js';
import { isOutsideRootError } from '../security/root-guard.js';

export interface IncludeMatch {
  /** Absolute, normalized path: the key a file is known by. */
  path: string;
  /** As nginx spells it: the include's text with globs expanded, not normalized. */
  spelled: string;
}

export interface FileProblem {
  kind: 'include' | 'read' | 'outside-root';
  message: string;
}

const ERRNO: Record<string, [number, string]> = {
  EPERM: [1, 'Operation not permitted'],
  ENOENT: [2, 'No such file or directory'],
  EIO: [5, 'Input/output error'],
  EACCES: [13, 'Permission denied'],
  ENOTDIR: [20, 'Not a directory'],
  EISDIR: [21, 'Is a directory'],
  EMFILE: [24, 'Too many open files'],
  ENAMETOOLONG: [36, 'File name too long'],
  ELOOP: [40, 'Too many levels of symbolic links'],
};

/** Whether nginx treats the include as a glob (`strpbrk(file, "*?[")`). */
export function hasMagic(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** Words an errno failure as nginx logs it: `open() "…" failed (2: No such file or directory)`. */
export function describeFailure(syscall: string, spelled: string, error: unknown): FileProblem {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? 'EIO';
  const shown = escapeControl(spelled);

  // A guarded FileSystem (src/security) refused the path: it leads outside the root.
  if (isOutsideRootError(error)) {
    return { kind: 'outside-root', message: `"${shown}" leads outside the root, not read` };
  }

  const [errno, text] = ERRNO[code] ?? [0, code];
  const kind = code === 'EACCES' || code === 'EIO' || code === 'EPERM' ? 'read' : 'include';

  return { kind, message: `${syscall}() "${shown}" failed (${errno}: ${text})` };
}

/** Reads a config file, refusing what nginx would hang on or misread. */
export function readConfigFile(
  fs: FileSystem,
  path: string,
  spelled: string,
): { bytes: Buffer } | { problem: FileProblem } {
  let stat;

  try {
    stat = fs.stat(path);
  } catch (error) {
    return { problem: describeFailure('open', spelled, error) };
  }

  if (!stat.isDirectory && passesThroughFile(fs, spelled)) {
    return { problem: describeFailure('open', spelled, { code: 'ENOTDIR' }) };
  }

  // nginx would block opening a FIFO and read nothing from a device (its size is 0).
  if (stat.isSpecial) {
    return leadsToNullDevice(fs, path)
      ? { bytes: Buffer.alloc(0) }
      : { problem: notRegular(spelled) };
  }

  if (stat.isDirectory) {
    return { problem: describeFailure('pread', spelled, { code: 'EISDIR' }) };
  }

  try {
    return { bytes: fs.readFile(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;

    // Swapped for a FIFO or a device since the stat: the disk's readFile refuses it.
    if (code === NOT_REGULAR_CODE) return { problem: notRegular(spelled) };

    return { problem: describeFailure(code === 'EIO' ? 'pread' : 'open', spelled, error) };
  }
}

/**
 * Whether the path as spelled goes on past a file: `a.conf/`, `/dev/null/.`, `x/../y` where x is
 * a file. resolve() folds those away; the kernel, which nginx asks, says ENOTDIR.
 */
function passesThroughFile(fs: FileSystem, spelled: string): boolean {
  if (!/\/$|(^|\/)\.\.?(\/|$)/.test(spelled)) return false;

  const parts = spelled.split('/');

  return parts.some((part, i) => {
    if (i === 0 || (part !== '' && part !== '.' && part !== '..')) return false;

    const before = parts.slice(0, i).join('/');

    try {
      return before !== '' && !fs.stat(resolve(before)).isDirectory;
    } catch {
      return false;
    }
  });
}

/** Whether the path (a link perhaps) really is the null device. */
function leadsToNullDevice(fs: FileSystem, path: string): boolean {
  try {
    return fs.realpath(path) === NULL_DEVICE;
  } catch {
    return false;
  }
}

function notRegular(spelled: string): FileProblem {
  return { kind: 'include', message: `"${escapeControl(spelled)}" is not a regular file` };
}

/** nginx's ngx_conf_full_name: prefix + name, unless name is absolute. */
export function fullName(prefix: string, name: string): string {
  if (isAbsolute(name)) return name;

  return prefix.endsWith('/') ? prefix + name : `${prefix}/${name}`;
}

/** The files an include names, sorted; a literal path is returned whether or not it exists. */
export function expandInclude(fs: FileSystem, prefix: string, pattern: string): IncludeMatch[] {
  const spelled = fullName(prefix, pattern);

  if (!hasMagic(pattern)) return [{ path: resolve(spelled), spelled }];

  return expandGlob(fs, spelled)
    .sort(compareBytes)
    .map((s) => ({ path: resolve(s), spelled: s }));
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** glob(3) without flags: `*` and `?` do not match a leading dot; unreadable folders are skipped. */
function expandGlob(fs: FileSystem, pattern: string): string[] {
  const segments = pattern.split('/');
  let candidates = [pattern.startsWith('/') ? '/' : ''];
  const refused: string[] = [];

  for (let i = pattern.startsWith('/') ? 1 : 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;

    if (segment === '') continue;

    const next: string[] = [];

    for (const base of candidates) {
      if (!hasMagic(segment)) {
        next.push(join(base, segment));
        continue;
      }

      const matcher = segmentMatcher(segment);
      let names: string[];

      try {
        names = fs.readdir(base === '' ? '.' : base);
      } catch (error) {
        // A folder outside the root is not listed; keep the pattern so the include reports it.
        if (isOutsideRootError(error)) refused.push(join(base, segments.slice(i).join('/')));
        continue;
      }

      for (const name of names) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (!matcher.test(name)) continue;

        const path = join(base, name);

        if (!last && !isDirectory(fs, path)) continue;

        next.push(path);
      }
    }

    candidates = next;
  }

  return [...candidates.filter((c) => exists(fs, c)), ...refused];
}

function join(base: string, name: string): string {
  if (base === '') return name;

  return base.endsWith('/') ? base + name : `${base}/${name}`;
}

function isDirectory(fs: FileSystem, path: string): boolean {
  try {
    return fs.stat(path).isDirectory;
  } catch (error) {
    // A link to a folder outside the root: listing it is refused, and so reported.
    return isOutsideRootError(error);
  }
}

function exists(fs: FileSystem, path: string): boolean {
  try {
    fs.lstat(path);

    return true;
  } catch (error) {
    // Refused by the root guard: kept, so that reading it reports the include.
    return isOutsideRootError(error);
  }
}

/** One path segment of a glob as an anchored regular expression (no nested quantifiers). */
function segmentMatcher(segment: string): RegExp {
  let source = '';

  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];

    if (ch === '*') {
      // Consecutive stars mean one star.
      if (!source.endsWith('.*')) source += '.*';
    } else if (ch === '?') source += '.';
    else if (ch === '[') {
      const close = bracketEnd(segment, i);

      if (close < 0) {
        source += '\\[';
        continue;
      }

      let body = segment.slice(i + 1, close);
      let negate = false;

      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }

      source += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }

  return new RegExp(`^${source}$`, 's');
}

function bracketEnd(segment: string, open: number): number {
  let i = open + 1;

  if (segment[i] === '!' || segment[i] === '^') i++;
  if (segment[i] === ']') i++;

  const close = segment.indexOf(']', i);

  return close;
}
