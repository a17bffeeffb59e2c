// Absolute server paths (`/etc/nginx/…`) mapped into the tree (`nginx/…`), for includes and
// for the deployment files that name them. `--map A=B` and `pathMap` in the project config.
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { followLinks, type FileSystem } from '../include/fs.js';
import type { Directive, Node, ParsedConfig } from '../syntax/tree.js';

export interface PathMapping {
  /** Absolute path as the server sees it, e.g. `/etc/nginx`. */
  from: string;
  /** Absolute path in the tree. */
  to: string;
  /** `--map`, `pathMap in …`, or `default`. */
  origin: string;
}

/** Parses `A=B`; B is resolved against base. */
export function parseMapping(text: string, base: string, origin: string): PathMapping | undefined {
  const eq = text.indexOf('=');

  if (eq <= 0 || eq === text.length - 1) return undefined;

  const from = text.slice(0, eq).replace(/\/+$/, '') || '/';

  if (!isAbsolute(from)) return undefined;

  return { from, to: resolve(base, text.slice(eq + 1)), origin };
}

/** The tree path for a server path, or undefined when no mapping covers it. */
export function mapPath(path: string, mappings: readonly PathMapping[]): string | undefined {
  for (const m of mappings) {
    if (path === m.from) return m.to;

    if (path.startsWith(m.from.endsWith(sep) ? m.from : m.from + sep)) {
      return join(m.to, relative(m.from, path));
    }
  }

  return undefined;
}

/**
 * Reads through the mappings: a mapped path is read from the tree when the tree has it, and so
 * is a path that passes through a link of the tree to a server path (`sites-enabled/x ->
 * /etc/nginx/sites-available/x`, as Debian's `ln -s` makes them).
 */
export function mappedFileSystem(base: FileSystem, mappings: readonly PathMapping[]): FileSystem {
  if (mappings.length === 0) return base;

  const resolved = new Map<string, string>();
  // A mapped path never falls back to the machine's own file: the tree is what is linted.
  // A tree path a server path maps to may itself be such a link (sites-enabled/app ->
  // /etc/nginx/sites-available/app, as Debian's ln -s makes it): it is followed in the tree too.
  const to = (path: string) => {
    let found = resolved.get(path);

    if (found === undefined) {
      found = throughMappedLinks(base, mapPath(path, mappings) ?? path, mappings);
      resolved.set(path, found);
    }

    return found;
  };

  return {
    readFile: (p) => base.readFile(to(p)),
    stat: (p) => base.stat(to(p)),
    lstat: (p) => base.lstat(mapPath(p, mappings) ?? p),
    readdir: (p) => base.readdir(to(p)),
    realpath: (p) => base.realpath(to(p)),
    ...(base.readlink
      ? { readlink: (p: string) => base.readlink!(mapPath(p, mappings) ?? p) }
      : {}),
  };
}

/**
 * `path` with each link on its way that points at a mapped server path replaced by the tree
 * path it maps to; `path` itself when none does (the usual case costs one realpath).
 */
function throughMappedLinks(
  base: FileSystem,
  path: string,
  mappings: readonly PathMapping[],
): string {
  if (!base.readlink) return path;

  try {
    if (mapPath(base.realpath(path), mappings) === undefined) return path;
  } catch {
    // Dangling, refused outside the root, or a loop: look at the links one by one.
  }

  // A loop of links is left for the read to report (ELOOP).
  return followLinks(base, path, (target) => mapPath(target, mappings) ?? target) ?? path;
}

/** Rewrites server paths left in a parsed tree to their tree paths, in place. */
export function remapConfigPaths(config: ParsedConfig, mappings: readonly PathMapping[]): void {
  if (mappings.length === 0) return;

  // Every directive of a file names the same file: map each path once.
  const mapped = new Map<string, string>();
  const fix = (path: string) => {
    let to = mapped.get(path);

    if (to === undefined) {
      to = mapPath(path, mappings) ?? path;
      mapped.set(path, to);
    }

    return to;
  };
  // A directive names the file it sits in: when no file moves, no directive does.
  const moves = (path: string) => fix(path) !== path;

  if (
    !config.files.some((f) => moves(f.path) || f.errors.some((e) => moves(e.file))) &&
    !config.errors.some((e) => moves(e.file))
  ) {
    return;
  }

  const seen = new Set<Directive>();
  const visit = (nodes: Node[]) => {
    for (const node of nodes) {
      if (node.kind !== 'directive' || seen.has(node)) continue;

      seen.add(node);
      node.file = fix(node.file);
      if (node.block) visit(node.block);
    }
  };

  for (const file of config.files) {
    file.path = fix(file.path);
    visit(file.nodes);
    for (const error of file.errors) error.file = fix(error.file);
  }

  for (const error of config.errors) error.file = fix(error.file);
}
