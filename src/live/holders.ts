// Questions the checks ask of a snapshot: who holds a port, is it nginx, which processes form
// one app, and which command would stop a holder. ngxlint only names that command; it never
// signals anything itself.
import { basename } from 'node:path';
import type { ListeningSocket, LiveProcess, LiveSnapshot, Protocol } from './types.js';

/** Listening sockets on a port (TCP only unless protocol says otherwise). */
export function socketsOnPort(
  snapshot: LiveSnapshot,
  port: number,
  protocol: Protocol | 'any' = 'tcp',
): ListeningSocket[] {
  return snapshot.sockets.filter(
    (s) => s.port === port && (protocol === 'any' || s.protocol === protocol),
  );
}

/** The process a pid names, or a stand-in carrying only the pid. */
export function processOf(snapshot: LiveSnapshot, pid: number): LiveProcess {
  return snapshot.processes.get(pid) ?? { pid, ppid: null, name: '?', argv: [] };
}

/**
 * The holders of a socket that are not children of another holder: for nginx and uvicorn the
 * master, whose workers inherited the socket.
 */
export function topHolders(snapshot: LiveSnapshot, socket: ListeningSocket): LiveProcess[] {
  const pids = new Set(socket.holders);

  return socket.holders
    .map((pid) => processOf(snapshot, pid))
    .filter((p) => p.ppid === null || !pids.has(p.ppid));
}

/** Distinct top holders of every socket on a port, by pid. */
export function holdersOfPort(
  snapshot: LiveSnapshot,
  port: number,
  protocol: Protocol | 'any' = 'tcp',
): LiveProcess[] {
  const byPid = new Map<number, LiveProcess>();

  for (const socket of socketsOnPort(snapshot, port, protocol)) {
    for (const holder of topHolders(snapshot, socket)) byPid.set(holder.pid, holder);
  }

  return [...byPid.values()].sort((a, b) => a.pid - b.pid);
}

/** Sockets on the port whose holders could not be named. */
export function unnamedSockets(
  snapshot: LiveSnapshot,
  port?: number,
  protocol: Protocol | 'any' = 'tcp',
): ListeningSocket[] {
  return snapshot.sockets.filter(
    (s) =>
      (port === undefined || s.port === port) &&
      (protocol === 'any' || s.protocol === protocol) &&
      s.holders.length === 0,
  );
}

/** nginx renames its processes `nginx: master process …` and `nginx: worker process`. */
export function isNginx(process: LiveProcess): boolean {
  const argv0 = process.argv[0] ?? '';

  return (
    process.name === 'nginx' ||
    /^nginx(:|$)/.test(argv0) ||
    basename(argv0.split(' ')[0]) === 'nginx'
  );
}

/** The command line as one string, or the kernel's short name when argv is unknown. */
export function commandText(process: LiveProcess): string {
  return process.argv.length > 0 ? process.argv.join(' ') : process.name;
}

/** `pid 42 "uvicorn app:app" (user www-data, unit app.service)`. */
export function describeProcess(snapshot: LiveSnapshot, process: LiveProcess): string {
  const extras: string[] = [];

  if (process.user !== undefined || process.uid !== undefined)
    extras.push(`user ${process.user ?? process.uid}`);

  if (process.unit) {
    extras.push(`${process.userUnit ? 'user unit' : 'unit'} ${process.unit}`);
  } else if (process.ppid !== null) {
    const parent = snapshot.processes.get(process.ppid);

    extras.push(`parent ${process.ppid}${parent ? ` ${parent.name}` : ''}`);
  }

  const text = `pid ${process.pid} "${shorten(oneLine(commandText(process)), 120)}"`;

  return extras.length > 0 ? `${text} (${extras.join(', ')})` : text;
}

/**
 * The command that would stop a holder: its service unit, else the process itself. None for
 * pid 1 (init: killing it takes the machine or container down) nor for a systemd manager,
 * which holds a port for a .socket unit: stopAdvice says what to do instead.
 */
export function stopCommand(process: LiveProcess): string | undefined {
  if (process.pid === 1 || isSystemdManager(process)) return undefined;

  if (process.unit && process.unit !== 'init.scope' && !/^user@\d+\.service$/.test(process.unit)) {
    const scope = process.userUnit ? ' --user' : '';

    return `systemctl${scope} stop ${process.unit}`;
  }

  return `kill ${process.pid}`;
}

/**
 * How to stop a holder, as a clause of a message: `stop it with "kill 42"`, where `it` names
 * the holder; for pid 1 or a systemd manager, what to stop instead, never a kill.
 */
export function stopAdvice(snapshot: LiveSnapshot, process: LiveProcess, it = 'it'): string {
  const command = stopCommand(process);

  if (command !== undefined) return `stop ${it} with "${command}"`;

  if (isSystemdManager(process)) {
    // Socket activation: the manager holds the listening socket of a .socket unit. Neither ss
    // nor /proc names that unit; `systemctl list-sockets` lists it by address.
    const scope = process.pid === 1 ? '' : ' --user';
    const source = snapshot.source === 'ss' ? 'ss' : '/proc';

    return `systemd holds the port for a .socket unit (socket activation): stop that unit with "systemctl${scope} stop NAME.socket"; ${source} does not give its name, "systemctl${scope} list-sockets" does`;
  }

  return `pid 1 is the init of its machine or container: stop ${it} by stopping that container or the service inside it, not by signalling pid 1`;
}

/** systemd as pid 1 or as a user's manager (`systemd --user`): its kernel name is `systemd`. */
function isSystemdManager(process: LiveProcess): boolean {
  return process.name === 'systemd';
}

/** Ports and owners of sockets nobody could be named for, for the "could not name" note. */
export function describeUnnamed(sockets: ListeningSocket[]): string {
  const parts = sockets.map((s) => {
    const owner = s.uid !== undefined ? ` (socket owner uid ${s.uid})` : '';

    return `${s.protocol} ${formatEndpoint(s)}${owner}`;
  });

  return [...new Set(parts)].join(', ');
}

/** `127.0.0.1:80`, `[::1]:80`, `*:80`. */
export function formatEndpoint(socket: Pick<ListeningSocket, 'address' | 'port'>): string {
  const host = socket.address.includes(':') ? `[${socket.address}]` : socket.address;

  return `${host}:${socket.port}`;
}

/** A command line may hold newlines and control characters; a message is one line. */
function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
