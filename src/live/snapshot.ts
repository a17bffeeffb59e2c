// Builds a LiveSnapshot from /proc: the socket tables first, then the processes holding them.
import type { Capability, LiveSnapshot } from './types.js';
import { diskProcReader, type ProcReader } from './proc-reader.js';
import { readSocketTables, readUnixListeners } from './net.js';
import { scanProcesses } from './processes.js';

export interface ProcOptions {
  reader?: ProcReader;
  procRoot?: string;
  passwdPath?: string;
}

/** Reads the live machine (this network namespace) through /proc. */
export function readLiveSnapshot(options: ProcOptions = {}): LiveSnapshot {
  const reader = options.reader ?? diskProcReader;
  const procRoot = options.procRoot ?? '/proc';
  const tables = readSocketTables(reader, procRoot);
  const notes: string[] = [];
  const missing = new Map<Capability, string>();

  if (tables.unreadable.length === 4) {
    missing.set('holders', `${procRoot}/net cannot be read`);
  } else if (tables.unreadable.some((t) => t === 'tcp' || t === 'udp')) {
    notes.push(`could not read ${tables.unreadable.map((t) => `${procRoot}/net/${t}`).join(', ')}`);
  }

  const inodes = new Set(tables.sockets.map((s) => s.inode).filter((i) => i > 0));
  const scan = scanProcesses(reader, inodes, { procRoot, passwdPath: options.passwdPath });

  for (const socket of tables.sockets) {
    socket.holders = [...(scan.socketHolders.get(socket.inode) ?? [])].sort((a, b) => a - b);
  }

  if (scan.processes.size === 0) {
    missing.set('allProcesses', `no process could be read under ${procRoot}`);
  }

  return {
    source: 'proc',
    sockets: tables.sockets,
    unixListeners: readUnixListeners(reader, procRoot),
    processes: scan.processes,
    missing,
    unreadableFds: scan.deniedFds.length,
    notes,
  };
}
