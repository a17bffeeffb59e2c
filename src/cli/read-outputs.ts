// Outputs must not land on a file the run reads: a report written over the entry config
// would destroy what was linted. Paths are compared by their real form, links resolved.
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** A path's real form, for a file that may not exist yet: its folder's real path and name. */
export function realPathOf(file: string): string {
  const path = resolve(file);

  try {
    return realpathSync.native(path);
  } catch {
    try {
      return join(realpathSync.native(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/** realPathOf of many files that exist: a file that is no link is where its folder really is,
 * so each folder is resolved once (realpath reads every component of every path: 25k system
 * calls for 2,000 files). */
function realPathsOf(files: readonly string[]): Set<string> {
  const folders = new Map<string, string>();
  const real = new Set<string>();

  for (const file of new Set(files)) {
    const path = resolve(file);
    const folder = dirname(path);

    try {
      if (lstatSync(path).isSymbolicLink()) {
        real.add(realpathSync.native(path));
        continue;
      }

      let realFolder = folders.get(folder);

      if (realFolder === undefined) {
        realFolder = realpathSync.native(folder);
        folders.set(folder, realFolder);
      }

      real.add(join(realFolder, basename(path)));
    } catch {
      real.add(realPathOf(path));
    }
  }

  return real;
}

/**
 * Refuses, before anything is written, an output that is one of the files the command read
 * (compared by real path): `--output nginx/nginx.conf` would replace the entry config.
 */
export function refuseOutputsOverRead(
  outputs: ReadonlyArray<{ flag: string; file: string }>,
  read: readonly string[],
): void {
  if (outputs.length === 0 || read.length === 0) return;

  const real = realPathsOf(read);
  const over = outputs.find((o) => real.has(realPathOf(o.file)));

  if (over) {
    throw new UsageError(
      `${over.flag}: is a file this run reads, it would be overwritten (choose another file)`,
    );
  }
}

/**
 * lint(), then a refusal when a report or baseline would overwrite a file the run read or
 * checks (`--output nginx/nginx.conf` replaced the entry config). Runs before anything is
 * written, --write-baseline included.
 */
export function refusingReadOutputs<
  T extends {
    project: { configs: Array<{ files: Array<{ path: string }> }>; deployment?: unknown };
    discovery: { nginxFiles: string[]; deploymentFiles: Array<{ path: string }> };
    config: { file?: string };
  },
  O,
>(
  lint: (options: O) => Promise<T>,
  outputs: Array<{ flag: string; file: string }>,
): (options: O) => Promise<T> {
  return async (options) => {
    const result = await lint(options);
    // Only a file that is there can be one the run read (a fresh CI checkout writes new ones).
    const existing = outputs.filter((o) => existsSync(o.file));

    if (existing.length === 0) return result;

    const deployed =
      (result.project.deployment as { files?: Array<{ path: string }> } | undefined)?.files ?? [];

    refuseOutputsOverRead(existing, [
      ...result.project.configs.flatMap((c) => c.files.map((f) => f.path)),
      ...result.discovery.nginxFiles,
      ...result.discovery.deploymentFiles.map((f) => f.path),
      ...deployed.map((f) => f.path),
      ...(result.config.file ? [result.config.file] : []),
    ]);

    return result;
  };
}
