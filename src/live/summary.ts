// The stderr summary of a ports run: where the facts came from, who holds each port the policy
// and the nginx config name, which holders could not be named and why, which checks did not
// run. Findings go to stdout through the reporters; this is the context around them.
import type { LiveSnapshot } from './types.js';
import {
  describeProcess,
  describeUnnamed,
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

export function summarize(snapshot: LiveSnapshot, options: SummaryOptions): string[] {
  const lines: string[] = [];
  const count = snapshot.sockets.length;

  const processes = snapshot.processes.size;

  lines.push(
    snapshot.source === 'ss'
      ? `read saved ss output ${snapshot.sourceFile ?? '(unnamed)'}: ${count} listening socket(s)`
      : `read /proc as uid ${options.uid ?? '?'}: ${count} listening socket(s), ${processes} process(es)`,
  );

  const shown = new Set<number>();

  for (const { port, role } of options.ports) {
    if (shown.has(port)) continue;
    shown.add(port);

    const sockets = socketsOnPort(snapshot, port, 'any');
    const holders = holdersOfPort(snapshot, port, 'any');

    if (sockets.length === 0) {
      lines.push(`port ${port} (${role}): free`);
      continue;
    }

    const named = holders.map((h) => describeProcess(snapshot, h));
    const unnamed = sockets.filter((s) => s.holders.length === 0);

    if (unnamed.length > 0) named.push(`a holder that could not be named`);
    lines.push(`port ${port} (${role}): held by ${named.join('; ')}`);
  }

  lines.push(...unnamedLines(snapshot, [...shown], options.uid));
  lines.push(...snapshot.notes);

  for (const [rule, reason] of options.skipped) lines.push(`${rule} did not run: ${reason}`);

  return lines;
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
    lines.push(`${others} other listening socket(s) have holders that could not be named${concerned.length > 0 ? '' : ` (${reason})`}`);
  }

  return lines;
}
