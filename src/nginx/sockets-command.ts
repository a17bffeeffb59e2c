// `ngxlint sockets [PATH]`: per address:port, the servers nginx puts on it, their names, the
// default server, which names are shadowed, and whether the address gets a socket of its own.
// The tree is read as lint() reads it (src/read-trees.ts): the same entry config, path map
// and root guard, so nothing the lint refuses to read is shown here.
import { relative } from 'node:path';
import { UsageError } from '../cli/errors.js';
import { EXIT_FINDINGS, EXIT_OK } from '../cli/exit-codes.js';
import { note } from '../cli/log.js';
import { LintInputError } from '../engine/errors.js';
import { isStockIncludeError } from '../include/stock.js';
import { discoverTrees, parseTrees, prepareRead, type ReadOptions } from '../read-trees.js';
import { escapeControl, excerpt } from '../security/escape.js';
import type { Directive, ParsedConfig } from '../syntax/tree.js';
import {
  buildSocketModel,
  nginxAddressText,
  type AddressGroup,
  type ServerInfo,
  type SocketModel,
} from './sockets.js';

export interface SocketsOptions extends Omit<ReadOptions, 'paths' | 'note'> {
  /** An entry config, a deployment folder, or `-` for stdin. */
  path: string;
  format: 'text' | 'json';
  asRoot: boolean;
  cwd: string;
}

function place(cwd: string, d: Directive): { file: string; line: number; column: number } {
  return { file: relative(cwd, d.file) || d.file, line: d.line, column: d.column };
}

/** The socket model as JSON: paths relative to the working directory. */
export function socketsJson(model: SocketModel, cwd: string): unknown {
  const server = (s: ServerInfo, group: AddressGroup) => ({
    ...place(cwd, s.block),
    names: s.names.map((n) => n.name),
    default: group.defaultServer === s,
    listens: s.listens
      .filter((l) => `${l.protocol} ${l.address.text}` === group.key)
      .map((l) =>
        l.directive ? { ...place(cwd, l.directive), params: l.address.params } : { implicit: true },
      ),
  });

  return {
    schemaVersion: 1,
    sockets: model.addresses.map((g) => ({
      protocol: g.protocol,
      address: nginxAddressText(g.entries[0]),
      bound: g.bound,
      ...(g.coveredBy ? { servedBy: g.coveredBy.split(' ')[1].replace(/^\*/, '0.0.0.0') } : {}),
      servers: g.servers.map((s) => server(s, g)),
      shadowed: g.shadowed.map((s) => ({
        name: s.name,
        ...place(cwd, s.directive ?? s.server.block),
        winner: place(cwd, s.winner.block),
      })),
    })),
  };
}

/** The picture as text, one block per address:port; names and paths with terminal controls
 * escaped (a server_name can hold ESC). */
export function socketsText(model: SocketModel, cwd: string): string {
  const where = (d: Directive) => `${escapeControl(relative(cwd, d.file) || d.file)}:${d.line}`;
  const out: string[] = [];

  for (const g of model.addresses) {
    const how = g.bound
      ? 'own socket'
      : `served by the ${g.coveredBy!.split(' ')[1].replace(/^\*/, '0.0.0.0')} socket`;

    out.push(escapeControl(`${g.protocol} ${nginxAddressText(g.entries[0])} (${how})`));

    for (const s of g.servers) {
      const names = s.names.map((n) => (n.name === '' ? '""' : escapeControl(n.name))).join(' ');
      const mark = g.defaultServer === s ? '  [default]' : '';

      out.push(`  ${where(s.block)}  ${names}${mark}`);
    }

    for (const s of g.shadowed) {
      out.push(
        `  shadowed: "${escapeControl(s.name)}" at ${where(s.directive ?? s.server.block)}, ${where(s.winner.block)} gets it`,
      );
    }
  }

  if (model.addresses.length === 0) out.push('no http server found');

  return `${out.join('\n')}\n`;
}

export async function runSockets(options: SocketsOptions): Promise<number> {
  const { path, format, asRoot, cwd, ...read } = options;
  const config = await readEntry({ ...read, paths: [path], cwd, note });
  const refused = new Set<Directive>();

  for (const e of config.errors) {
    const include = e.include;
    let at: { file: string; line: number; column: number } = e;
    let message = e.message;

    // As the lint says: a stock file the tree leaves out is there on the server (NGX007); an
    // include that leads outside the root is not read (NGX008, at the include, once however
    // many files it matches).
    if (isStockIncludeError(e, config)) {
      message = `include "${include!.args[0].value}" is not in the tree, assumed present as in every nginx install`;
    } else if (e.kind === 'outside-root' && include) {
      if (refused.has(include)) continue;

      refused.add(include);
      at = include;
      message = `include "${excerpt(include.args[0]?.value ?? '', 80)}" leads outside the root, not read (--allow-outside-root reads it)`;
    }

    note(`${relative(cwd, at.file) || at.file}:${at.line}:${at.column}: ${message}`);
  }

  const model = buildSocketModel(config, { asRoot });
  const text =
    format === 'json'
      ? `${JSON.stringify(socketsJson(model, cwd), null, 2)}\n`
      : socketsText(model, cwd);

  process.stdout.write(text);

  return config.errors.some((e) => e.kind === 'syntax') ? EXIT_FINDINGS : EXIT_OK;
}

/** The one entry config PATH names, read as the lint reads it. A folder of fragments has no
 * single http{} to picture: that is a usage error, as any other PATH the lint refuses. */
async function readEntry(options: ReadOptions): Promise<ParsedConfig> {
  try {
    const setup = await prepareRead(options);
    const trees = discoverTrees(setup);

    if (trees.discovery.targets.some((t) => t.kind === 'fragment')) {
      throw new LintInputError(
        `no nginx.conf in "${options.paths[0]}" (looked in ., nginx/, etc/nginx/)`,
      );
    }

    return (await parseTrees(setup, trees, 'reading')).configs[0];
  } catch (error) {
    if (error instanceof LintInputError) throw new UsageError(error.message);
    throw error;
  }
}
