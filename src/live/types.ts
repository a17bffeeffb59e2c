// What ngxlint reads about the live machine: listening sockets and the processes holding them.
// A snapshot comes from the kernel's /proc tables or from saved `ss` output, and says which
// facts its source could not give so checks that need them can say they did not run.

import type { Range } from '../syntax/tree.js';

export type Protocol = 'tcp' | 'udp';

/** A socket bound for incoming traffic: a TCP listener or an unconnected UDP socket. */
export interface ListeningSocket {
  protocol: Protocol;
  /** 4 or 6; `null` when the source does not say (`ss` prints `*:80`). */
  family: 4 | 6 | null;
  /** Canonical text: `127.0.0.1`, `::1`, `0.0.0.0`, `::`, `*` for any when family is null. */
  address: string;
  /** For an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`), the IPv4 part. */
  mappedV4?: string;
  port: number;
  /** Kernel socket inode; 0 when unknown. */
  inode: number;
  /** Owner uid of the socket, when the source gives it. */
  uid?: number;
  /** Pids of processes that hold the socket open (a master and its workers). */
  holders: number[];
  /** Process names the source gave without a readable process entry (ss `users:`). */
  holderNames?: string[];
  /** Where the ss file (the snapshot's sourceFile) lists the socket: its line, as written. */
  place?: Range;
}

export interface LiveProcess {
  pid: number;
  /** Parent pid, `null` when the source does not give it. */
  ppid: number | null;
  /** Short kernel name (`comm`), at most 15 characters. */
  name: string;
  /** argv; empty when unreadable (kernel threads, zombies, or `ss` input). */
  argv: string[];
  uid?: number;
  user?: string;
  /** systemd unit from the cgroup path, e.g. `app.service`. */
  unit?: string;
  /** The unit belongs to a user manager (`systemctl --user`). */
  userUnit?: boolean;
}

/** Facts a source may lack; checks that need a missing one say they could not run. */
export type Capability = 'holders' | 'parents' | 'commandLines' | 'units' | 'allProcesses';

export interface LiveSnapshot {
  source: 'proc' | 'ss';
  /** Path of the `ss` file for source `ss`. */
  sourceFile?: string;
  sockets: ListeningSocket[];
  /** Paths of listening unix stream sockets; undefined when the source does not list them. */
  unixListeners?: string[];
  /** Every process the source showed, by pid. */
  processes: Map<number, LiveProcess>;
  /** Capabilities this source did not provide, with why. */
  missing: Map<Capability, string>;
  /** Processes whose fd table could not be read (not ours, or gone): their sockets are unnamed. */
  unreadableFds: number;
  /** Notes for stderr about partial reads. */
  notes: string[];
}
