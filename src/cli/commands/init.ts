// `ngxlint init [DIR]`: writes a starter ngxlint.config.json with its `$schema`, so editors
// complete and check it. It never overwrites: an existing file is an error, left as it was.
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, relative, resolve, sep } from 'node:path';
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
      .option('app-port', { type: 'string', describe: 'the port the app listens on (default 8000)' }),
  run: async (argv) => {
    const dir = resolve(String(argv.dir ?? '.'));
    const file = join(dir, CONFIG_NAME);
    const appPort = readPort(argv.appPort);

    if (!existsSync(dir)) throw new UsageError(`init: folder ${dir} does not exist`);

    writeNew(file, starterConfig(dir, appPort));
    note(`wrote ${relative(process.cwd(), file) || file}; check app.port and nginx.ports against the deployment`);

    return EXIT_OK;
  },
};

/** The starter config: the documented defaults, written out so they are easy to change. */
export function starterConfig(dir: string, appPort = 8000): string {
  const config = {
    $schema: schemaReference(dir),
    app: { port: appPort, alternatePort: appPort === 8001 ? 8000 : 8001 },
    nginx: { ports: [80, 443] },
    rules: {},
  };

  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The schema as a path relative to the config when ngxlint is installed in the project,
 * else its published address. */
function schemaReference(dir: string): string {
  const installed = join(packageRoot(), SCHEMA);
  const rel = relative(dir, installed);

  if (rel.split(sep).includes('node_modules') && !rel.startsWith(`..${sep}..`)) {
    return rel.split(sep).join('/');
  }

  return (JSON.parse(readFileSync(installed, 'utf8')) as { $id: string }).$id;
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
      throw new UsageError(`init: ${file} already exists, left unchanged (edit it, or remove it first)`);
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
