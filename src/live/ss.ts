// Reads saved `ss -tlnp` (or `-tulnp`, `-tlnpe`) output instead of the kernel, for a machine
// ngxlint cannot run on. Handles the layouts of several iproute2 releases: with or without a
// Netid column, `users:(("name",pid=1,fd=3))` and the older `users:(("name",1,3))`, addresses
// as `0.0.0.0:80`, `[::]:80`, `:::80`, `*:80` and `127.0.0.53%lo:53`. ss gives no parent,
// full command line or unit, so those capabilities are reported missing.
import type { Capability, ListeningSocket, LiveProcess, LiveSnapshot, Protocol } from './types.js';
import { canonicalAddress, mappedIpv4, parseAddress } from './net.js';
import { isPidText, PID_MAX_LIMIT, unitFromCgroup } from './processes.js';

export class SsParseError extends Error {
  override name = 'SsParseError';

  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

// The `d` flag gives match positions, for the column of a bad pid. The pid is taken loosely
// (anything up to the next comma) so that a malformed one is reported, not skipped.
const USERS = /users:\(\((.*)\)\)/d;
const USER_ENTRY = /"((?:[^"\\]|\\.)*)",(?:pid=)?([^,()]*),(?:fd=)?(\d+)/dg;
const STATES: Record<string, Protocol> = { LISTEN: 'tcp', UNCONN: 'udp' };

/** Parses the text of a saved ss listing; throws SsParseError with a position on junk. */
export function parseSsOutput(text: string, sourceFile?: string): LiveSnapshot {
  const sockets: ListeningSocket[] = [];
  const processes = new Map<number, LiveProcess>();
  let rows = 0;
  let rowsWithUsers = 0;
  let withoutUsers = 0;
  let rowsWithCgroup = 0;

  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();

    if (line === '' || /^(Netid|State|Recv-Q)\b/.test(line)) return;

    const users = USERS.exec(line);
    const tokens = line.replace(USERS, ' ').trim().split(/\s+/);

    // A leading Netid column (`tcp`, `udp`, `tcp6` on some builds) comes before the state.
    const hasNetid =
      /^(tcp|udp)6?$/.test(tokens[0]) || /^(raw|u_\w+|p_\w+|nl|sctp|mptcp)$/.test(tokens[0]);

    if (hasNetid) {
      const netid = tokens.shift() as string;

      if (!/^(tcp|udp)/.test(netid)) return;
    }

    const state = tokens[0];

    if (!/^[A-Z][A-Z0-9-]*$/.test(state ?? '') || tokens.length < 5) {
      throw new SsParseError(
        `not a line of ss output: "${line.slice(0, 60)}"`,
        index + 1,
        raw.indexOf(line) + 1,
      );
    }

    rows++;

    const protocol = STATES[state];

    // Established connections and other states hold no port for a listener.
    if (!protocol) return;

    const local = parseLocal(tokens[3]);

    if (!local) {
      // The column of the address itself (a `0` of Recv-Q would match it first).
      const word = [...raw.matchAll(/\S+/g)][hasNetid ? 4 : 3];

      throw new SsParseError(
        `cannot read local address "${tokens[3]}"`,
        index + 1,
        (word?.index ?? 0) + 1,
      );
    }

    const start = raw.indexOf(line) + 1;
    const place = {
      line: index + 1,
      column: start,
      endLine: index + 1,
      endColumn: start + line.length,
    };
    const socket: ListeningSocket = { protocol, ...local, inode: 0, holders: [], place };
    const extras = tokens.slice(5).join(' ');
    const inode = /\bino:(\d+)/.exec(extras);
    const uid = /\buid:(\d+)/.exec(extras);

    const cgroup = /\bcgroup:(\S+)/.exec(extras);
    const unit = cgroup ? unitFromCgroup(`0::${cgroup[1]}`) : undefined;

    if (inode) socket.inode = Number(inode[1]);
    if (uid) socket.uid = Number(uid[1]);
    if (cgroup) rowsWithCgroup++;

    if (users) {
      rowsWithUsers++;

      for (const entry of users[1].matchAll(USER_ENTRY)) {
        // The pid's column in the raw line: the trimmed line's offset, the users list's offset
        // in it, and the pid's offset in the list.
        const column = raw.indexOf(line) + users.indices![1][0] + entry.indices![2][0] + 1;
        const pid = readPid(entry[2], index + 1, column);
        const name = entry[1].replace(/\\(.)/g, '$1');

        if (!socket.holders.includes(pid)) socket.holders.push(pid);
        if (!processes.has(pid)) processes.set(pid, { pid, ppid: null, name, argv: [] });

        // `ss -e` prints the socket's cgroup, which names the unit of the process that made it.
        const process = processes.get(pid)!;

        if (unit && !process.unit) {
          process.unit = unit.unit;
          if (unit.userUnit) process.userUnit = true;
        }
      }
    } else {
      withoutUsers++;
    }

    sockets.push(socket);
  });

  if (rows === 0) throw new SsParseError('no socket lines found: is this `ss -tlnp` output?', 1, 1);

  const missing = new Map<Capability, string>([
    ['parents', 'ss output gives no parent processes'],
    ['commandLines', 'ss output gives only the short process name, not the command line'],
    ['allProcesses', 'ss output lists only processes that hold sockets'],
  ]);

  // Only `ss -e` output carries cgroups, from which units follow.
  if (rowsWithCgroup < sockets.length) {
    missing.set('units', 'ss output gives no systemd units (save it with -e to include cgroups)');
  }

  if (rowsWithUsers === 0) {
    missing.set(
      'holders',
      'the ss output has no users:(…) column (saved without -p, or not as root)',
    );
  }

  const notes =
    rowsWithUsers > 0 && withoutUsers > 0
      ? [
          `${withoutUsers} socket line(s) in the ss output have no users:(…): their holders are unknown`,
        ]
      : [];

  return { source: 'ss', sourceFile, sockets, processes, missing, unreadableFds: 0, notes };
}

/** A holder's pid from a users:(…) entry; anything but a real pid makes the line malformed. */
function readPid(text: string, line: number, column: number): number {
  if (!isPidText(text)) {
    throw new SsParseError(
      `pid "${text.slice(0, 30)}" is not a process id, expected a whole number from 1 to ${PID_MAX_LIMIT}`,
      line,
      column,
    );
  }

  return Number(text);
}

/** `0.0.0.0:80`, `[::]:80`, `:::80`, `*:80`, `127.0.0.53%lo:53`, `[fe80::1]%eth0:22`. */
function parseLocal(
  text: string,
): Pick<ListeningSocket, 'family' | 'address' | 'port' | 'mappedV4'> | null {
  const colon = text.lastIndexOf(':');

  if (colon < 0) return null;

  const host = text.slice(0, colon).replace(/%[^\]]*$/, '');
  // ss writes ports in plain decimal: `0x50`, `8e1`, `+80` or `080` are no ss output.
  const digits = text.slice(colon + 1);
  const port = /^(0|[1-9]\d{0,4})$/.test(digits) ? Number(digits) : NaN;

  if (!(port <= 65535)) return null;

  // ss prints `*` for an any-address socket whose family it does not distinguish (a dual-stack
  // `[::]` socket in recent releases, IPv4 `0.0.0.0` in old ones).
  if (host === '*') return { family: null, address: '*', port };

  const bytes = parseAddress(host);
  const address = canonicalAddress(host);

  if (!bytes || !address) return null;

  const mapped = mappedIpv4(bytes);
  const local: Pick<ListeningSocket, 'family' | 'address' | 'port' | 'mappedV4'> = {
    family: bytes.length === 4 ? 4 : 6,
    address,
    port,
  };

  if (mapped) local.mappedV4 = mapped;

  return local;
}
