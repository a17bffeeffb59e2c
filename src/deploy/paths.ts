// Server paths (`/srv/app/.env`) to files of the tree (`deploy/app/.env`): a file the tree has
// at that path, else a `--map`/`pathMap` prefix, else the one tree file with the longest
// matching path suffix. No match, or a tie, is reported as a file that was not checked.
// Scripts and modules are looked for among the deployment's files; an env file goes by any
// name (`EnvironmentFile=/srv/app/secrets`), so it is looked for among every file of the tree.
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import type { DeployProblem, Location, PathMapEntry, PathMapping } from './types.js';
import { namesNullDevice } from '../include/fs.js';

export interface LookupOptions {
  /** Any file of the tree, not only those of a known kind (an env file's name says nothing). */
  anyFile?: boolean;
}

export interface PathResolver {
  /** The tree file for a server path, or undefined (a problem was recorded once). */
  file(serverPath: string, from: Location, options?: LookupOptions): string | undefined;
  /** The same for a file that may well be absent (a default config name): no problem. */
  optional(serverPath: string, options?: LookupOptions): string | undefined;
  mappings: PathMapping[];
  problems: DeployProblem[];
}

interface TreeIndex {
  files: Set<string>;
  bySuffix: Array<{ path: string; parts: string[] }>;
}

function indexOf(paths: string[]): TreeIndex {
  return {
    files: new Set(paths),
    bySuffix: paths.map((path) => ({ path, parts: splitPath(path) })),
  };
}

export function createPathResolver(
  root: string,
  treeFiles: string[],
  pathMap: PathMapEntry[],
  note: (message: string) => void,
  otherFiles: string[] = [],
  outside: ReadonlySet<string> = new Set(),
): PathResolver {
  const deployment = indexOf(treeFiles);
  const everyFile = indexOf([...treeFiles, ...otherFiles]);
  const cache = new Map<string, string | undefined>();
  const mappings: PathMapping[] = [];
  const problems: DeployProblem[] = [];
  const maps = [...pathMap].sort((a, b) => b.from.length - a.from.length);
  const show = (path: string) => relative(root, path).split(sep).join('/') || '.';

  function lookup(
    serverPath: string,
    from: Location | undefined,
    { files, bySuffix }: TreeIndex,
  ): string | undefined {
    const path = posix.normalize(serverPath);

    if (files.has(path)) return path;

    for (const entry of maps) {
      const prefix = entry.from.replace(/\/+$/, '');

      if (path !== prefix && !path.startsWith(`${prefix}/`)) continue;

      const target = resolve(root, entry.to, `.${path.slice(prefix.length)}`);

      if (files.has(target)) {
        mappings.push({ from: path, to: target, by: 'map' });
        if (!outside.has(target))
          note(`${path} read from ${show(target)} (--map ${entry.from}=${entry.to})`);

        return target;
      }
    }

    const wanted = splitPath(path);
    let best = 0;
    let found: string[] = [];

    for (const candidate of bySuffix) {
      const length = commonSuffix(wanted, candidate.parts);

      if (length === 0 || length < best) continue;

      if (length > best) {
        best = length;
        found = [];
      }

      found.push(candidate.path);
    }

    if (found.length === 1) {
      mappings.push({ from: path, to: found[0], by: 'suffix' });
      if (!outside.has(found[0]))
        note(`${path} read from ${show(found[0])} (longest matching path suffix; --map overrides)`);

      return found[0];
    }

    const ambiguous = found.length > 1;

    if (!from) return undefined;

    problems.push({
      kind: ambiguous ? 'ambiguous' : 'unmapped',
      message: ambiguous
        ? `"${path}" matches ${found.map(show).join(' and ')} equally; not checked (use --map)`
        : `"${path}" is not in the tree; not checked (use --map to point at it)`,
      location: from,
    });

    return undefined;
  }

  // One cache per index: a path looked up as a script and as an env file may differ.
  const cached = (serverPath: string, from: Location | undefined, options?: LookupOptions) => {
    // Empty wherever it is read: nothing to map, check or report (a tree file named `null` is
    // no stand-in for it).
    if (namesNullDevice(serverPath)) return undefined;

    const index = options?.anyFile ? everyFile : deployment;
    const key = `${options?.anyFile ? 'any' : 'kind'}:${serverPath}`;

    if (!cache.has(key)) cache.set(key, lookup(serverPath, from, index));

    return cache.get(key);
  };

  return {
    mappings,
    problems,
    file(serverPath, from, options) {
      if (!isAbsolute(serverPath)) return undefined;

      return cached(serverPath, from, options);
    },
    optional(serverPath, options) {
      if ((options?.anyFile ? everyFile : deployment).files.has(serverPath)) return serverPath;

      if (!isAbsolute(serverPath)) return undefined;

      return cached(serverPath, undefined, options);
    },
  };
}

/** Joins a possibly relative server path onto a working directory (server path). */
export function serverJoin(cwd: string | undefined, path: string): string | undefined {
  if (path.startsWith('/')) return posix.normalize(path);

  if (!cwd) return undefined;

  return posix.normalize(posix.join(cwd, path));
}

function splitPath(path: string): string[] {
  return path.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
}

function commonSuffix(a: string[], b: string[]): number {
  let n = 0;

  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;

  return n;
}
