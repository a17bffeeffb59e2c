// `ngxlint init [DIR]`: writes a starter ngxlint.config.json with its `$schema`, so editors
// complete and check it. It never overwrites: an existing file is an error, left as it was.
import { existsSync, linkSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, relative, resolve, sep } from 'node:path';
import { LintInputError } from '../../engine/errors.js';
import type { PortSource } from '../../engine/types.js';
import { lintWithConfig } from '../../lint.js';
import { describeSources } from '../../policy.js';
import type { CommandSpec } from '../command.js';
import { UsageError } from '../errors.js';
import { EXIT_OK } from '../exit-codes.js';
import { note } from '../log.js';
import { packageRoot } from '../../package-root.js';

export const CONFIG_NAME = 'ngxlint.config.json';
const SCHEMA = join('schemas', 'ngxlint.config.schema.json');

export const initCommand: CommandSpec = {
  command: 'init [dir]',
  describe: `Write a starter ${CONFIG_NAME} (never overwrites one)`,
  builder: (y) =>
    y
      .positional('dir', { type: 'string', describe: 'folder to write it in (default: .)' })
      .option('app-port', {
        type: 'string',
        describe: "the port the app listens on (default: the port the deployment's launchers bind)",
      }),
  run: async (argv) => {
    const dir = resolve(String(argv.dir ?? '.'));
    const file = join(dir, CONFIG_NAME);
    const flagPort = readPort(argv.appPort);

    if (!existsSync(dir)) throw new UsageError(`init: folder ${dir} does not exist`);

    const launched = flagPort === undefined ? await launchedAppPort(dir) : undefined;
    const appPort = flagPort ?? launched?.port;
    const text = starterConfig(dir, appPort);
    const schema = (JSON.parse(text) as { $schema: string }).$schema;
    const show = (p: string) => relative(process.cwd(), p) || p;

    writeNew(file, text);
    note(`wrote ${show(file)}; check app.port and nginx.ports against the deployment`);

    if (launched) {
      note(
        `app.port ${launched.port} is the port the app's launchers bind: ${describeSources(launched.sources, show)}`,
      );
    } else if (appPort === undefined) {
      note(
        "app.port left out: no launcher found sets the app's port, so the lint takes it from the launchers it finds, else 8000",
      );
    }

    if (!existsSync(resolve(dir, schema))) {
      note(
        `its "$schema" is ${schema}: editors find it once ngxlint is installed in the project (npm install --save-dev ngxlint)`,
      );
    }

    return EXIT_OK;
  },
};

/** The starter config: the documented defaults, written out so they are easy to change. The
 * app port only when known: app.port outranks the launchers' port in the policy. */
export function starterConfig(dir: string, appPort?: number): string {
  const config = {
    $schema: schemaReference(dir),
    app:
      appPort === undefined
        ? undefined
        : { port: appPort, alternatePort: appPort === 8001 ? 8000 : 8001 },
    nginx: { ports: [80, 443] },
    rules: {},
  };

  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Where the schema sits in an installed ngxlint, as editors resolve `$schema` (a file path
 * relative to the config; a GitHub page would serve HTML, not the schema). */
export const INSTALLED_SCHEMA = './node_modules/ngxlint/schemas/ngxlint.config.schema.json';

/** The schema of the ngxlint that runs, relative to the config, when the project itself has it
 * in a node_modules folder at or above `dir`; else the path a local install gives it. */
function schemaReference(dir: string): string {
  const parts = relative(dir, join(packageRoot(), SCHEMA)).split(sep);
  const up = parts.findIndex((p) => p !== '..');

  if (parts[up] === 'node_modules') return up === 0 ? `./${parts.join('/')}` : parts.join('/');

  return INSTALLED_SCHEMA;
}

/** The app port the launchers in `dir` bind, as the lint resolves it there without a project
 * config; undefined when no launcher sets one, or the folder cannot be linted. */
async function launchedAppPort(
  dir: string,
): Promise<{ port: number; sources: PortSource[] } | undefined> {
  try {
    const { project } = await lintWithConfig(
      { paths: [dir], cwd: dir, env: {}, ruleDefinitions: [] },
      { config: {}, locate: () => undefined },
    );
    const { appPort, appPortSources } = project.policy;

    return appPortSources[0]?.kind === 'launcher'
      ? { port: appPort, sources: appPortSources }
      : undefined;
  } catch (error) {
    if (error instanceof LintInputError) return undefined;
    throw error;
  }
}

function readPort(value: unknown): number | undefined {
  if (value === undefined) return undefined;

  const text = String(value);
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;

  if (!(port >= 1 && port <= 65535)) {
    throw new UsageError(`--app-port "${text}" is not a port, expected a number from 1 to 65535`);
  }

  return port;
}

/** Writes a temporary file and hard-links it into place: link() refuses an existing name, so
 * a config that appears meanwhile is not overwritten either, and no half file is left. */
function writeNew(file: string, text: string): void {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;

  try {
    writeFileSync(temp, text, { flag: 'wx' });
    linkSync(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;

    if (code === 'EEXIST') {
      throw new UsageError(
        `init: ${file} already exists, left unchanged (edit it, or remove it first)`,
      );
    }

    throw new UsageError(`init: cannot write ${file} (${code ?? (error as Error).message})`);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Never written.
    }
  }
}
