// What a ports run says besides its findings: who holds each port the policy and the nginx
// config name (the answer to the user's question: stdout in text, a `ports` array in JSON),
// and notes on stderr about where the facts came from, what could not be named and which
// checks did not run.
import type { LiveProcess, LiveSnapshot } from './types.js';
import {
  describeProcess,
  describeUnnamed,
  formatEndpoint,
  holdersOfPort,
  socketsOnPort,
  unnamedSockets,
} from './holders.js';

export interface SummaryOptions {
  /** Ports to show, with what each is for: `80 (nginx)`, `8000 (app)`. */
  ports: { port: number; role: string }[];
  skipped: Map<string, string>;
  /** The uid ngxlint runs as (process.getuid()). */
  uid?: number;
}

/** One policy port and who holds it, as the JSON output gives it. */
export interface PortHolding {
  port: number;
  /** What the port is for, first role first: `nginx`, `app`, `app alternate`, … */
  roles: string[];
  /** `tcp 127.0.0.1:8000` for each socket on the port. */
  sockets: string[];
  holders: Array<{
    pid: number;
    command: string;
    user?: string;
    unit?: string;
    description: string;
  }>;
  /** Sockets on the port whose holders could not be named. */
  unnamed: number;
}

export interface Summary {
  /** `port 80 (nginx): held by pid 12 "nginx: master process"`, one line per port. */
  listing: string[];
  ports: PortHolding[];
  /** Diagnostics for stderr. */
  notes: string[];
}

export function summarize(snapshot: LiveSnapshot, options: SummaryOptions): Summary {
  const count = snapshot.sockets.length;
  const processes = snapshot.processes.size;
  const notes = [
    snapshot.source === 'ss'
      ? `read saved ss output ${snapshot.sourceFile ?? '(unnamed)'}: ${count} listening socket(s)`
      : `read /proc as uid ${options.uid ?? '?'}: ${count} listening socket(s), ${processes} process(es)`,
  ];
  const ports = holdings(snapshot, options.ports);
  const listing = ports.map((p) => {
    const role = p.roles[0];

    if (p.sockets.length === 0) return `port ${p.port} (${role}): free`;

    const named = p.holders.map((h) => h.description);

    if (p.unnamed > 0) named.push('a holder that could not be named');

    return `port ${p.port} (${role}): held by ${named.join('; ')}`;
  });

  notes.push(
    ...unnamedLines(
      snapshot,
      ports.map((p) => p.port),
      options.uid,
    ),
  );
  notes.push(...snapshot.notes);

  for (const [rule, reason] of options.skipped) notes.push(`${rule} did not run: ${reason}`);

  return { listing, ports, notes };
}

function holdings(snapshot: LiveSnapshot, wanted: SummaryOptions['ports']): PortHolding[] {
  const byPort = new Map<number, PortHolding>();

  for (const { port, role } of wanted) {
    const known = byPort.get(port);

    if (known) {
      if (!known.roles.includes(role)) known.roles.push(role);
      continue;
    }

    const sockets = socketsOnPort(snapshot, port, 'any');

    byPort.set(port, {
      port,
      roles: [role],
      sockets: sockets.map((s) => `${s.protocol} ${formatEndpoint(s)}`),
      holders: holdersOfPort(snapshot, port, 'any').map((h) => holderOf(snapshot, h)),
      unnamed: sockets.filter((s) => s.holders.length === 0).length,
    });
  }

  return [...byPort.values()];
}

function holderOf(snapshot: LiveSnapshot, process: LiveProcess): PortHolding['holders'][number] {
  const user = process.user ?? (process.uid !== undefined ? String(process.uid) : undefined);

  return {
    pid: process.pid,
    command: process.argv.length > 0 ? process.argv.join(' ') : process.name,
    ...(user !== undefined ? { user } : {}),
    ...(process.unit ? { unit: process.unit } : {}),
    description: describeProcess(snapshot, process),
  };
}

/** Which sockets have holders nobody could name, and the likely reason. */
function unnamedLines(snapshot: LiveSnapshot, ports: number[], uid: number | undefined): string[] {
  if (snapshot.missing.has('holders')) return [];

  const unnamed = unnamedSockets(snapshot, undefined, 'any');

  if (unnamed.length === 0) return [];

  const concerned = unnamed.filter((s) => ports.includes(s.port));
  const others = unnamed.length - concerned.length;
  const reason =
    snapshot.source === 'ss'
      ? 'the ss output has no users:(…) for them'
      : snapshot.unreadableFds === 0
        ? 'their holders run outside this pid namespace or exited during the scan'
        : uid !== 0
          ? `not running as root: the open files of ${snapshot.unreadableFds} process(es) of other users cannot be read`
          : `the open files of ${snapshot.unreadableFds} process(es) could not be read, even as root`;
  const lines: string[] = [];

  if (concerned.length > 0) {
    lines.push(`could not name the holders of ${describeUnnamed(concerned)} (${reason})`);
  }

  if (others > 0) {
    lines.push(
      `${others} other listening socket(s) have holders that could not be named${concerned.length > 0 ? '' : ` (${reason})`}`,
    );
  }

  return lines;
}
