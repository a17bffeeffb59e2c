// Reads the kernel's socket tables (/proc/net/tcp, tcp6, udp, udp6) without `ss` or `netstat`.
// Each row prints the local address as the in-memory words of the address in hex, so on a
// little-endian machine the bytes of every 32-bit word come out reversed; the port is printed
// as a plain number in hex. See proc_net(5) under /proc/net/tcp.
import { endianness } from 'node:os';
import type { ListeningSocket, Protocol } from './types.js';
import type { ProcReader } from './proc-reader.js';

/** TCP_LISTEN; an unconnected UDP socket shows TCP_CLOSE (07). */
const TCP_LISTEN = '0A';
const UDP_UNCONNECTED = '07';

const TABLES: { file: string; protocol: Protocol; family: 4 | 6 }[] = [
  { file: 'tcp', protocol: 'tcp', family: 4 },
  { file: 'tcp6', protocol: 'tcp', family: 6 },
  { file: 'udp', protocol: 'udp', family: 4 },
  { file: 'udp6', protocol: 'udp', family: 6 },
];

export interface SocketTables {
  sockets: ListeningSocket[];
  /** Tables that could not be read (a kernel without IPv6 has no tcp6), by file name. */
  unreadable: string[];
}

/** Reads every listening TCP socket and bound UDP socket visible in this network namespace. */
export function readSocketTables(reader: ProcReader, procRoot = '/proc'): SocketTables {
  const sockets: ListeningSocket[] = [];
  const unreadable: string[] = [];

  for (const table of TABLES) {
    let text: string;

    try {
      text = reader.readFile(`${procRoot}/net/${table.file}`);
    } catch {
      unreadable.push(table.file);
      continue;
    }

    sockets.push(...parseSocketTable(text, table.protocol, table.family));
  }

  return { sockets, unreadable };
}

/** Paths of listening unix stream sockets from /proc/net/unix; undefined when unreadable. */
export function readUnixListeners(reader: ProcReader, procRoot = '/proc'): string[] | undefined {
  let text: string;

  try {
    text = reader.readFile(`${procRoot}/net/unix`);
  } catch {
    return undefined;
  }

  return parseUnixTable(text);
}

/** Num RefCount Protocol Flags Type St Inode Path; flag 00010000 marks a listening socket. */
export function parseUnixTable(text: string): string[] {
  const paths: string[] = [];

  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);

    if (fields.length < 8 || fields[4] !== '0001') continue;
    if ((parseInt(fields[3], 16) & 0x10000) === 0) continue;

    paths.push(fields.slice(7).join(' '));
  }

  return paths;
}

/** Parses one table's text; rows that are not listening (or are malformed) are skipped. */
export function parseSocketTable(
  text: string,
  protocol: Protocol,
  family: 4 | 6,
  littleEndian = endianness() === 'LE',
): ListeningSocket[] {
  const wanted = protocol === 'tcp' ? TCP_LISTEN : UDP_UNCONNECTED;
  const out: ListeningSocket[] = [];

  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);

    // sl local rem st queues timer retrnsmt uid timeout inode …
    if (fields.length < 10 || fields[3].toUpperCase() !== wanted) continue;

    const local = decodeEndpoint(fields[1], littleEndian);
    const remote = decodeEndpoint(fields[2], littleEndian);

    if (!local || !remote) continue;

    // A connected UDP socket has a peer; only unconnected ones receive from anyone.
    if (protocol === 'udp' && remote.port !== 0) continue;

    const socket: ListeningSocket = {
      protocol,
      family,
      address: local.address,
      port: local.port,
      inode: Number(fields[9]),
      uid: Number(fields[7]),
      holders: [],
    };

    if (local.mappedV4) socket.mappedV4 = local.mappedV4;
    out.push(socket);
  }

  return out;
}

interface Endpoint {
  address: string;
  port: number;
  mappedV4?: string;
}

/** Decodes `0100007F:1F90` or a 32-digit IPv6 form into an address and port. */
export function decodeEndpoint(
  text: string,
  littleEndian = endianness() === 'LE',
): Endpoint | null {
  const match = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(text);

  if (!match) return null;

  const bytes = hexWordsToBytes(match[1], littleEndian);
  const port = parseInt(match[2], 16);

  if (bytes.length === 4) return { address: bytes.join('.'), port };

  const mappedV4 = ipv4Mapped(bytes);
  const address = formatIpv6(bytes);

  return mappedV4 ? { address, port, mappedV4 } : { address, port };
}

/** Each 8-digit word is one 32-bit word in memory order; reverse its bytes on little-endian. */
function hexWordsToBytes(hex: string, littleEndian: boolean): number[] {
  const bytes: number[] = [];

  for (let w = 0; w < hex.length; w += 8) {
    const word: number[] = [];

    for (let b = 0; b < 8; b += 2) word.push(parseInt(hex.slice(w + b, w + b + 2), 16));
    bytes.push(...(littleEndian ? word.reverse() : word));
  }

  return bytes;
}

function ipv4Mapped(bytes: number[]): string | undefined {
  const prefix = bytes.slice(0, 12);
  const isMapped =
    prefix.slice(0, 10).every((b) => b === 0) && prefix[10] === 255 && prefix[11] === 255;

  return isMapped ? bytes.slice(12).join('.') : undefined;
}

/** Parses IPv4 or IPv6 text (brackets, zone and a dotted IPv4 tail allowed) into bytes. */
export function parseAddress(text: string): number[] | null {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');

  if (/^\d+\.\d+\.\d+\.\d+$/.test(bare)) {
    const parts = bare.split('.').map(Number);

    return parts.every((p) => p <= 255) ? parts : null;
  }

  if (!bare.includes(':')) return null;

  let head = bare;
  let tailV4: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(bare);

  if (dotted) {
    const v4 = parseAddress(dotted[2]);

    if (!v4) return null;
    tailV4 = v4;
    head = dotted[1].endsWith('::') ? dotted[1] : dotted[1].slice(0, -1);
  }

  const halves = head.split('::');

  if (halves.length > 2) return null;

  const toGroups = (part: string): number[] | null => {
    if (part === '') return [];

    const groups = part.split(':');

    return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))
      ? groups.map((g) => parseInt(g, 16))
      : null;
  };
  const left = toGroups(halves[0]);
  const right = halves.length === 2 ? toGroups(halves[1]) : [];
  const wanted = 8 - tailV4.length / 2;

  if (!left || !right) return null;

  const missing = wanted - left.length - right.length;

  if (
    missing < 0 ||
    (halves.length === 1 && missing !== 0) ||
    (halves.length === 2 && missing < 1)
  ) {
    return null;
  }

  const groups = [...left, ...new Array<number>(missing).fill(0), ...right];

  return [...groups.flatMap((g) => [g >> 8, g & 255]), ...tailV4];
}

/** Canonical text of an address given as text (`[::0:1]` → `::1`), or null when not one. */
export function canonicalAddress(text: string): string | null {
  const bytes = parseAddress(text);

  if (!bytes) return null;

  return bytes.length === 4 ? bytes.join('.') : formatIpv6(bytes);
}

/** The IPv4 part of an IPv4-mapped IPv6 address given as bytes. */
export function mappedIpv4(bytes: number[]): string | undefined {
  return bytes.length === 16 ? ipv4Mapped(bytes) : undefined;
}

/** RFC 5952 text: lower case, longest run of two or more zero groups as `::`, mapped tail dotted. */
export function formatIpv6(bytes: number[]): string {
  const groups: number[] = [];

  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);

  const mapped = ipv4Mapped(bytes);

  if (mapped) return `::ffff:${mapped}`;

  let bestStart = -1;
  let bestLength = 1;

  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }

    let j = i;

    while (j < 8 && groups[j] === 0) j++;

    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }

    i = j;
  }

  const hex = groups.map((g) => g.toString(16));

  if (bestStart < 0) return hex.join(':');

  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');

  return `${head}::${tail}`;
}
