// The flags that say how a command reads an nginx tree, declared once for `lint` and `sockets`:
// both read it through src/read-trees.ts, so both take the same flags the same way.
import type { Argv } from 'yargs';
import { listOf } from './args.js';
import type { ReadOptions } from '../read-trees.js';

const CONTEXT_NAMES = [
  'main',
  'events',
  'http',
  'server',
  'location',
  'upstream',
  'stream',
  'stream-server',
  'mail',
];

/** --nginx-conf, --context, --root (described as `root`), --allow-outside-root, --prefix and
 * --map (repeatable: list it in the command's `repeatable`). */
export function treeFlags(y: Argv, describe: { root: string }): Argv {
  return y
    .option('nginx-conf', { type: 'string', describe: 'the entry config inside a PATH folder' })
    .option('context', {
      type: 'string',
      describe: `context a FILE is read in: ${CONTEXT_NAMES.join(', ')}`,
    })
    .option('root', { type: 'string', describe: describe.root })
    .option('allow-outside-root', {
      type: 'boolean',
      describe: 'read includes outside the root of a checkout',
    })
    .option('prefix', { type: 'string', describe: 'folder relative includes resolve against' })
    .option('map', {
      type: 'string',
      describe: 'map a server path into the tree: /etc/nginx=nginx',
    });
}

/** What treeFlags and `--config` gave, as read-trees takes it. */
export function treeOptionsOf(
  argv: Record<string, unknown>,
): Omit<ReadOptions, 'paths' | 'cwd' | 'fs' | 'stdin' | 'stdinFilename' | 'note'> {
  return {
    nginxConf: argv.nginxConf as string | undefined,
    context: argv.context as string | undefined,
    root: argv.root as string | undefined,
    allowOutsideRoot: argv.allowOutsideRoot as boolean | undefined,
    prefix: argv.prefix as string | undefined,
    map: listOf(argv.map),
    configFile: argv.config as string | undefined,
  };
}
