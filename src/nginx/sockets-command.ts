// `ngxlint sockets [PATH]`: per address:port, the servers nginx puts on it, their names, the
// default server, which names are shadowed, and whether the address gets a socket of its own.
import { relative } from 'node:path';
import { UsageError } from '../cli/errors.js';
import { EXIT_FINDINGS, EXIT_OK } from '../cli/exit-codes.js';
import { findEntry } from '../discovery/index.js';
import { diskFileSystem } from '../include/fs.js';
import { readConfigFile } from '../include/resolve.js';
import { isStockIncludeError } from '../include/stock.js';
import { escapeControl } from '../security/escape.js';
import { parseConfig } from '../syntax/config.js';
import type { Directive } from '../syntax/tree.js';
import {
  buildSocketModel,
  nginxAddressText,
  type AddressGroup,
  type ServerInfo,
  type SocketModel,
} from './sockets.js';

export interface SocketsOptions {
  path: string;
  format: 'text' | 'json';
  prefix?: string;
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

export function runSockets(options: SocketsOptions): number {
  let stat;

  try {
    stat = diskFileSystem.stat(options.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';

    throw new UsageError(`PATH "${options.path}" cannot be read (${code})`);
  }

  const entry = stat.isDirectory ? findEntry(options.path, diskFileSystem) : options.path;

  if (!entry)
    throw new UsageError(`no nginx.conf in "${options.path}" (looked in ., nginx/, etc/nginx/)`);

  // An entry that cannot be opened is a usage error, not an empty picture of no servers.
  const read = readConfigFile(diskFileSystem, entry, relative(options.cwd, entry) || entry);

  if ('problem' in read) throw new UsageError(read.problem.message);

  const config = parseConfig(entry, { ...(options.prefix ? { prefix: options.prefix } : {}) });

  for (const e of config.errors) {
    const file = relative(options.cwd, e.file) || e.file;
    // As the lint says (NGX007): a stock file the tree leaves out is there on the server.
    const message = isStockIncludeError(e, config)
      ? `include "${e.include!.args[0].value}" is not in the tree, assumed present as in every nginx install`
      : e.message;

    process.stderr.write(
      `ngxlint: ${escapeControl(`${file}:${e.line}:${e.column}: ${message}`)}\n`,
    );
  }

  const model = buildSocketModel(config, { asRoot: options.asRoot });
  const text =
    options.format === 'json'
      ? `${JSON.stringify(socketsJson(model, options.cwd), null, 2)}\n`
      : socketsText(model, options.cwd);

  process.stdout.write(text);

  return config.errors.some((e) => e.kind === 'syntax') ? EXIT_FINDINGS : EXIT_OK;
}
