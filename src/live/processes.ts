// Reads processes from /proc: who they are (stat, cmdline, status, cgroup) and which socket
// inodes they hold open (fd links `socket:[N]`). A process may exit between two reads, and
// without root another user's fd table is closed to us: both are expected, never fatal.
import type { LiveProcess } from './types.js';
import { errorCode, tryRead, type ProcReader } from './proc-reader.js';

export interface ProcessScan {
  processes: Map<number, LiveProcess>;
  /** Socket inode → pids holding it. */
  socketHolders: Map<number, number[]>;
  /** Pids whose fd table could not be read for lack of permission. */
  deniedFds: number[];
}

/** Linux's PID_MAX_LIMIT: pid_max can be raised no further (proc(5), /proc/sys/kernel/pid_max). */
export const PID_MAX_LIMIT = 4194304;

/**
 * Is this text a process id: a whole number from 1 to PID_MAX_LIMIT? 0 is no process (and
 * `kill 0` signals the caller's own process group); a larger number is no pid, and
 * past 2^53 it would be rounded when read as a number.
 */
export function isPidText(text: string): boolean {
  const value = Number(text);

  return /^\d+$/.test(text) && value >= 1 && value <= PID_MAX_LIMIT;
}

/** Scans every pid under procRoot; `wantedInodes` limits which socket links are kept. */
export function scanProcesses(
  reader: ProcReader,
  wantedInodes: Set<number>,
  options: { procRoot?: string; passwdPath?: string } = {},
): ProcessScan {
  const procRoot = options.procRoot ?? '/proc';
  const users = readUsers(reader, options.passwdPath ?? '/etc/passwd');
  const processes = new Map<number, LiveProcess>();
  const socketHolders = new Map<number, number[]>();
  const deniedFds: number[] = [];
  const pids = (tryRead(() => reader.readdir(procRoot)) ?? [])
    .filter(isPidText)
    .map(Number)
    .sort((a, b) => a - b);

  for (const pid of pids) {
    const info = readProcess(reader, `${procRoot}/${pid}`, pid, users);

    // Gone before we could read it: it holds nothing any more.
    if (!info) continue;

    processes.set(pid, info);

    const fds = readSocketInodes(reader, `${procRoot}/${pid}/fd`);

    if (fds === 'denied') {
      deniedFds.push(pid);
      continue;
    }

    for (const inode of fds) {
      if (!wantedInodes.has(inode)) continue;

      const list = socketHolders.get(inode) ?? [];

      if (!list.includes(pid)) list.push(pid);
      socketHolders.set(inode, list);
    }
  }

  return { processes, socketHolders, deniedFds };
}

/** One process's identity, or undefined when its entry vanished or cannot be read. */
export function readProcess(
  reader: ProcReader,
  dir: string,
  pid: number,
  users: Map<number, string>,
): LiveProcess | undefined {
  const stat = tryRead(() => parseStat(reader.readFile(`${dir}/stat`)));

  if (!stat) return undefined;

  const info: LiveProcess = { pid, ppid: stat.ppid, name: stat.name, argv: [] };
  const cmdline = tryRead(() => reader.readFile(`${dir}/cmdline`));

  if (cmdline) info.argv = cmdline.replace(/\0+$/, '').split('\0');

  const status = tryRead(() => reader.readFile(`${dir}/status`));
  const uid = status ? /^Uid:\s+(\d+)/m.exec(status) : null;

  if (uid) {
    info.uid = Number(uid[1]);

    const user = users.get(info.uid);

    if (user) info.user = user;
  }

  const cgroup = tryRead(() => reader.readFile(`${dir}/cgroup`));
  const unit = cgroup ? unitFromCgroup(cgroup) : undefined;

  if (unit) {
    info.unit = unit.unit;
    if (unit.userUnit) info.userUnit = true;
  }

  return info;
}

/** `pid (comm) state ppid …`; comm may hold spaces and parentheses, so split at the last `)`. */
export function parseStat(text: string): { name: string; ppid: number } {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');

  if (open < 0 || close < open) throw new Error('malformed stat');

  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const ppid = Number(rest[1]);

  // 0 is the parent of pid 1 and of kernel threads: no process.
  if (rest[1] !== '0' && !isPidText(rest[1] ?? '')) throw new Error('malformed stat');

  return { name: text.slice(open + 1, close), ppid };
}

/** Socket inodes among a process's fds, or `denied` when the table is closed to us. */
function readSocketInodes(reader: ProcReader, fdDir: string): number[] | 'denied' {
  let fds: string[];

  try {
    fds = reader.readdir(fdDir);
  } catch (error) {
    const code = errorCode(error);

    return code === 'EACCES' || code === 'EPERM' ? 'denied' : [];
  }

  const inodes: number[] = [];
  let denied = false;

  for (const fd of fds) {
    let target: string;

    try {
      target = reader.readlink(`${fdDir}/${fd}`);
    } catch (error) {
      // An fd closed between readdir and readlink is simply not held; a denied one is unknown.
      const code = errorCode(error);

      denied ||= code === 'EACCES' || code === 'EPERM';
      continue;
    }

    const match = /^socket:\[(\d+)\]$/.exec(target);

    if (match) inodes.push(Number(match[1]));
  }

  return denied && inodes.length === 0 ? 'denied' : inodes;
}

/**
 * The systemd unit a process runs in, from its cgroup path (the unified `0::` line, else the
 * `name=systemd` hierarchy). Units of a user manager sit below `user@UID.service`.
 */
export function unitFromCgroup(text: string): { unit: string; userUnit: boolean } | undefined {
  const lines = text.split('\n');
  const line =
    lines.find((l) => l.startsWith('0::')) ?? lines.find((l) => l.split(':')[1] === 'name=systemd');

  if (!line) return undefined;

  const segments = line.split(':').slice(2).join(':').split('/').filter(Boolean);
  const manager = segments.findIndex((s) => /^user@\d+\.service$/.test(s));
  let last = -1;

  segments.forEach((s, i) => {
    if (s.endsWith('.service')) last = i;
  });

  if (last < 0) return undefined;

  return { unit: segments[last], userUnit: manager >= 0 && last > manager };
}

/** uid → user name from passwd(5) text; an unreadable file just leaves names out. */
export function readUsers(reader: ProcReader, path: string): Map<number, string> {
  const users = new Map<number, string>();
  const text = tryRead(() => reader.readFile(path)) ?? '';

  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');

    if (name && uid && /^\d+$/.test(uid) && !users.has(Number(uid))) users.set(Number(uid), name);
  }

  return users;
}
