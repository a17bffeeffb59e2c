// Small deployments for the launcher rules' tests: an nginx site proxying to the app, plus
// whatever launcher files a test adds.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readDeployment } from '../../src/deploy/index.js';
import type { Deployment } from '../../src/deploy/types.js';
import { writeTree, type Tree } from '../engine/lint-tree.js';
import { tempDir } from '../helpers.js';

/** An nginx entry config that proxies `/` to target (default 127.0.0.1:8000). */
export function nginxTo(target = 'http://127.0.0.1:8000'): Tree {
  return {
    'nginx/nginx.conf':
      'events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n' +
      `            proxy_pass ${target};\n        }\n    }\n}\n`,
  };
}

/** A systemd unit with WorkingDirectory=/srv/app and the given ExecStart= (line 6) and extras. */
export function unit(execStart: string, extra = ''): string {
  return `[Unit]\nDescription=app\n\n[Service]\nWorkingDirectory=/srv/app\nExecStart=${execStart}\n${extra}`;
}

/**
 * Reads a tree from a temporary folder; returns the model, the notes, the time taken, and a
 * function that makes paths relative to the tree.
 */
export async function readTree(
  tree: Tree,
  pathMap?: Array<{ from: string; to: string }>,
): Promise<{ deployment: Deployment; notes: string[]; ms: number; rel: (p: string) => string }> {
  const dir = tempDir();

  try {
    writeTree(dir.path, tree);

    const files: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);

        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };

    walk(dir.path);

    const notes: string[] = [];
    const started = performance.now();
    const deployment = await readDeployment({
      root: dir.path,
      files,
      pathMap,
      note: (m) => notes.push(m),
    });

    return {
      deployment,
      notes,
      ms: performance.now() - started,
      rel: (p: string) => relative(dir.path, p),
    };
  } finally {
    dir.cleanup();
  }
}
