import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding ngxlint's package.json, found upward from a module of the build. */
export function packageRoot(moduleUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(moduleUrl));

  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);

    if (parent === dir) throw new Error('ngxlint: package.json not found above the build');
    dir = parent;
  }

  return dir;
}
