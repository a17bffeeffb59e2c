// What a run lints: the entry config (or the fragments) of each PATH, and every other file of
// the deployment for src/deploy. Discovery knows files by content and place, reads a file
// reached twice once, and skips sub-deployments with a note.
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { LintInputError } from '../engine/errors.js';
import type { FileSystem } from '../include/fs.js';
import { isOutsideRootError } from '../security/root-guard.js';
import { classifyFile, isUnder, type FileKind } from './kinds.js';

export { classifyFile, looksLikeNginx, type FileKind } from './kinds.js';
export { CONTEXTS, declaredContext, impliedContext, topLevelDirectives } from './context.js';
export {
  mapPath,
  mappedFileSystem,
  parseMapping,
  remapConfigPaths,
  type PathMapping,
} from './path-map.js';

/** One file nginx is started on, or one fragment of a repository without nginx.conf. */
export interface LintTarget {
  /** Absolute path (for stdin, the --stdin-filename or `<stdin>` in the working directory). */
  entry: string;
  kind: 'entry' | 'fragment' | 'file' | 'stdin';
  /** Why this file was chosen, for the note on stderr. */
  reason: string;
  /** Folder relative includes resolve against, when discovery knows better than the entry's. */
  prefix?: string;
}

/** A file of the deployment that is not nginx: src/deploy reads these. */
export interface DeploymentFile {
  /** Absolute path as found (a symlink's own path when that is how it was reached first). */
  path: string;
  kind: Exclude<FileKind, 'nginx' | 'other'>;
}

export interface Discovery {
  root: string;
  targets: LintTarget[];
  deploymentFiles: DeploymentFile[];
  /** Files of no known kind: an EnvironmentFile= may still name one (`/srv/app/secrets`). */
  otherFiles: string[];
  /** Links the root guard refused to follow: not read, but a unit naming one hears that it
   * leads outside the root (NGX008) rather than that the tree lacks it. */
  outsideLinks: string[];
  /** Every nginx file found in the folders walked (for "not reached" notes). */
  nginxFiles: string[];
  notes: string[];
}

export interface DiscoverOptions {
  cwd: string;
  fs: FileSystem;
  /** --nginx-conf FILE (relative to cwd), or nginx.conf of the project config. */
  nginxConf?: string;
  /** Where nginxConf came from, for messages: `--nginx-conf` (default) or the config key. */
  nginxConfFrom?: string;
  /** --root DIR. */
  root?: string;
  stdinFilename?: string;
  /** The file system the folders are walked through once the root is known: in a checkout,
   * the root guard, so that no link's target outside the root is stat'ed or read. */
  guard?: (root: string) => FileSystem;
}

const ENTRY_PLACES = [
  'nginx.conf',
  join('nginx', 'nginx.conf'),
  join('etc', 'nginx', 'nginx.conf'),
];
const SKIPPED_DIRS = new Set(['node_modules', '__pycache__', 'venv', 'site-packages', 'dist']);
const MAX_DEPTH = 12;
const MAX_FILES = 20_000;
const HEAD_BYTES = 4096;

export function discover(paths: readonly string[], options: DiscoverOptions): Discovery {
  const { cwd, fs } = options;
  const result: Discovery = {
    root: '',
    targets: [],
    deploymentFiles: [],
    otherFiles: [],
    outsideLinks: [],
    nginxFiles: [],
    notes: [],
  };

  let walkFs: FileSystem | undefined;

  for (const [index, given] of paths.entries()) {
    if (given === '-') {
      const entry = resolve(cwd, options.stdinFilename ?? '<stdin>');

      result.targets.push({ entry, kind: 'stdin', reason: 'standard input' });
      // The root holds the working directory, not the name: --stdin-filename /etc/nginx/x.conf
      // must not move the root out of the checkout and switch its guard off.
      if (index === 0) result.root = findRoot(options.root, cwd, fs, cwd);
      continue;
    }

    const path = resolve(cwd, given);
    const stat = statOrNull(fs, path);

    if (!stat) throw new LintInputError(`PATH "${given}" does not exist`);
    if (index === 0)
      result.root = findRoot(options.root, stat.isDirectory ? path : dirname(path), fs, cwd);

    if (!stat.isDirectory) {
      if (!stat.isFile) throw new LintInputError(`PATH "${given}" is not a regular file or folder`);
      result.targets.push({ entry: path, kind: 'file', reason: 'given on the command line' });
      continue;
    }

    discoverFolder(
      path,
      { ...options, fs: (walkFs ??= options.guard?.(result.root) ?? fs) },
      result,
    );
  }

  return result;
}

function discoverFolder(folder: string, options: DiscoverOptions, result: Discovery): void {
  const { fs, cwd } = options;
  const show = (p: string) => relative(cwd, p) || '.';

  // A second PATH in another checkout, or a PATH beside --root: the guard reads none of it.
  try {
    fs.readdir(folder);
  } catch (error) {
    if (isOutsideRootError(error)) {
      throw new LintInputError(
        `PATH "${show(folder)}" is outside the root "${show(result.root)}", not read (lint it on its own, or give --allow-outside-root)`,
      );
    }
  }

  const entry = options.nginxConf ? resolve(cwd, options.nginxConf) : findEntry(folder, fs);
  const skipped: string[] = [];
  const found = walk(folder, entry, fs, result.notes, show, skipped, result.outsideLinks);
  const nginx = found.filter((f) => f.kind === 'nginx');

  result.nginxFiles.push(...nginx.map((f) => f.path));

  for (const file of found) {
    if (file.kind === 'other') result.otherFiles.push(file.path);
    else if (file.kind !== 'nginx')
      result.deploymentFiles.push({ path: file.path, kind: file.kind });
  }

  if (entry) {
    if (!statOrNull(fs, entry)?.isFile) {
      throw new LintInputError(
        `${options.nginxConfFrom ?? '--nginx-conf'} "${options.nginxConf}" is not a readable file`,
      );
    }

    const why = options.nginxConf
      ? `named by ${options.nginxConfFrom ?? '--nginx-conf'}`
      : `found at ${relative(folder, entry)}`;

    result.targets.push({ entry, kind: 'entry', reason: `entry config ${why}` });

    return;
  }

  const live = nginx.filter((f) => {
    if (!f.disabled) return true;

    result.notes.push(`${show(f.path)}: in sites-available and not enabled, not linted`);

    return false;
  });

  if (live.length === 0 && skipped.length > 0) {
    const names = skipped.map(show);
    const command = names.map((n) => `ngxlint ${shellWord(n)}`).join(', ');

    throw new LintInputError(
      `PATH "${show(folder)}" holds nothing to lint of its own: ${names.join(', ')} ` +
        `${names.length === 1 ? 'holds its own nginx.conf and was skipped as another deployment' : 'hold their own nginx.conf and were skipped as other deployments'}; ` +
        `lint ${names.length === 1 ? 'it' : 'each'} with ${command}`,
    );
  }

  if (live.length === 0) {
    throw new LintInputError(
      `PATH "${show(folder)}" holds nothing to lint (no nginx.conf at its top, in nginx/ or etc/nginx/, and no nginx files)`,
    );
  }

  for (const f of live) {
    result.targets.push({
      entry: f.path,
      kind: 'fragment',
      reason: 'no nginx.conf in the folder: linted as a fragment',
      prefix: fragmentPrefix(f.path, folder),
    });
  }
}

/** `nginx.conf` at the top, in `nginx/`, or in `etc/nginx/`. */
export function findEntry(folder: string, fs: FileSystem): string | undefined {
  for (const place of ENTRY_PLACES) {
    const candidate = join(folder, place);

    if (statOrNull(fs, candidate)?.isFile) return candidate;
  }

  return undefined;
}

interface FoundFile {
  path: string;
  kind: FileKind;
  /** Only reached under sites-available: nothing enables it. */
  disabled: boolean;
}

/** Every file of a deployment folder, each real file once, sub-deployments skipped. */
function walk(
  folder: string,
  entry: string | undefined,
  fs: FileSystem,
  notes: string[],
  show: (p: string) => string,
  skipped: string[],
  outside: string[],
): FoundFile[] {
  const byReal = new Map<string, { paths: string[]; kind: FileKind }>();
  let count = 0;

  const visit = (dir: string, depth: number) => {
    let names: string[];

    try {
      names = fs.readdir(dir).sort();
    } catch {
      notes.push(`${show(dir)}: cannot be read, skipped`);

      return;
    }

    // A file that is not a link is where its folder really is: one realpath per folder.
    let realDir: string | undefined;

    for (const name of names) {
      const path = join(dir, name);
      const lstat = statOrNull(fs, path, { follow: false });
      // Only a link has a stat of its own to follow.
      const stat = lstat?.isSymbolicLink ? linkStat(fs, path, outside) : lstat;

      if (!stat || !lstat) continue;

      if (stat.isDirectory) {
        // Symlinked folders are not followed: they loop, or lead out of the deployment.
        if (lstat.isSymbolicLink || depth >= MAX_DEPTH) continue;
        if (name.startsWith('.') || SKIPPED_DIRS.has(name)) continue;

        const own = findEntry(path, fs);

        if (own && own !== entry && !isWithin(entry, path)) {
          notes.push(
            `${show(path)}: holds its own ${relative(path, own)}, another deployment: skipped`,
          );
          skipped.push(path);
          continue;
        }

        visit(path, depth + 1);
        continue;
      }

      if (!stat.isFile || ++count > MAX_FILES) continue;

      let real: string;

      try {
        real = lstat.isSymbolicLink
          ? fs.realpath(path)
          : join((realDir ??= fs.realpath(dir)), name);
      } catch {
        continue;
      }

      const known = byReal.get(real);

      if (known) {
        known.paths.push(path);
        continue;
      }

      byReal.set(real, { paths: [path], kind: classifyFile(path, readHead(fs, path)) });
    }
  };

  visit(folder, 0);

  if (count > MAX_FILES)
    notes.push(`${show(folder)}: more than ${MAX_FILES} files, the rest skipped`);

  return [...byReal.values()].map(({ paths, kind }) => {
    const enabled = paths.filter((p) => !isUnder(relative(folder, p), 'sites-available'));
    const shown = enabled.find((p) => isUnder(p, 'sites-enabled')) ?? enabled[0] ?? paths[0];

    return { path: shown, kind, disabled: enabled.length === 0 };
  });
}

/** The stat of what a link leads to; null when it is broken or leads outside the root. */
function linkStat(fs: FileSystem, path: string, outside: string[]) {
  try {
    return fs.stat(path);
  } catch (error) {
    if (isOutsideRootError(error)) outside.push(path);

    return null;
  }
}

/** A path as a shell word: quoted when it holds anything but safe characters. */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

function isWithin(file: string | undefined, dir: string): boolean {
  return file !== undefined && (file === dir || file.startsWith(dir + sep));
}

function readHead(fs: FileSystem, path: string): string {
  try {
    return fs.readFile(path).subarray(0, HEAD_BYTES).toString('utf8');
  } catch {
    return '';
  }
}

/** A fragment's includes resolve like a stock install's: against the folder above
 * `sites-enabled`, `conf.d` …, or the nearest folder named `nginx`, else its own folder. */
function fragmentPrefix(file: string, top: string): string {
  let dir = dirname(file);

  while (dir.length >= top.length) {
    const name = basename(dir);

    if (name === 'nginx') return dir;
    if (['sites-enabled', 'sites-available', 'conf.d', 'snippets'].includes(name)) {
      return dirname(dir);
    }

    if (dir === top) break;
    dir = dirname(dir);
  }

  return dirname(file);
}

/** --root, else the git work tree that holds PATH, else PATH itself (never the cwd). */
function findRoot(root: string | undefined, start: string, fs: FileSystem, cwd: string): string {
  if (root) {
    const dir = resolve(cwd, root);

    if (!statOrNull(fs, dir)?.isDirectory)
      throw new LintInputError(`--root "${root}" is not a folder`);

    return dir;
  }

  let dir = start;

  for (;;) {
    if (statOrNull(fs, join(dir, '.git'))) return dir;

    const parent = dirname(dir);

    if (parent === dir) return start;
    dir = parent;
  }
}

function statOrNull(fs: FileSystem, path: string, options = { follow: true }) {
  try {
    return options.follow ? fs.stat(path) : fs.lstat(path);
  } catch {
    return null;
  }
}
