// The seam to src/deploy: discovery hands it every non-nginx file of the deployment; what it
// returns becomes Project.deployment, and its launcher hook gives the port policy the
// addresses the app's launchers bind. src/deploy/index.ts is expected to export
// `readDeployment(options)` and, for the hook, `appBindings(deployment)`.
import { fileURLToPath } from 'node:url';
import type { AppBinding } from '../engine/types.js';
import type { FileSystem } from '../include/fs.js';

export interface DeployReadOptions {
  root: string;
  /** Absolute paths of every file of the deployment that is not nginx config. */
  files: string[];
  fs?: FileSystem;
  /** `--map` / `pathMap` entries: absolute server path prefix to tree path. */
  pathMap?: Array<{ from: string; to: string }>;
  note?: (message: string) => void;
}

export interface DeployModule {
  readDeployment(options: DeployReadOptions): unknown;
  /** The launcher hook of the port policy. */
  appBindings?(deployment: unknown): AppBinding[];
}

/** src/deploy when it is built, else undefined (the policy then falls back to 8000). */
export async function loadDeployModule(): Promise<DeployModule | undefined> {
  const specifier = '../deploy/index.js';

  try {
    const module = (await import(specifier)) as Partial<DeployModule>;

    return typeof module.readDeployment === 'function' ? (module as DeployModule) : undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const path = fileURLToPath(new URL(specifier, import.meta.url));

    // Only the deploy module itself missing means "not built"; its own broken imports throw.
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(path)) {
      return undefined;
    }

    throw error;
  }
}
