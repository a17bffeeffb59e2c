// What the live rules (NGX330–NGX349) read from a Project, and where they anchor findings.
// A live finding is about processes, not lines: it points at the config line it concerns when
// there is one (the `listen` nginx would bind, the launcher or setting that declares the
// port), else at the line of the ss file that lists the socket it is about, else at a file
// that the run read (the project config, nginx config or ss file), so SARIF readers, which drop
// a result without a location, still show it.
import type { Location, PortSource, Project, RelatedLocation } from '../engine/types.js';
import { formatEndpoint } from './holders.js';
import type { ParsedConfig } from '../syntax/tree.js';
import type { Capability, ListeningSocket, LiveSnapshot } from './types.js';

export interface LiveInput {
  snapshot: LiveSnapshot;
  /** The parsed `--nginx-conf`, when given. */
  nginx?: ParsedConfig;
  /** The file a finding without a line of its own points at. */
  anchorFile: string;
  /** Records that a check could not run, and why, for the stderr summary. */
  couldNotRun(rule: string, reason: string): void;
}

/** The live input of a `ports` run; undefined in `lint`, so live rules stay silent there. */
export function liveInputOf(project: Project): LiveInput | undefined {
  return (project as Project & { live?: LiveInput }).live;
}

/** A location meaning "this file as a whole": line 1, column 1, empty. */
// Reporters have no whole-file location yet, so text, JSON and SARIF show these at 1:1.
export function fileAnchor(file: string): Location {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/**
 * The first source that has a place, else the ss line of the first of `sockets` read from an
 * ss file, else the run's anchor file.
 */
export function sourceAnchor(
  sources: readonly (PortSource | undefined)[],
  live: LiveInput,
  sockets: readonly ListeningSocket[] = [],
): Location {
  for (const source of sources) {
    if (source?.location) return source.location;
  }

  return socketPlaces(live, sockets)[0]?.location ?? fileAnchor(live.anchorFile);
}

/**
 * The ss lines of the sockets a finding is about, as related places: all of them for a finding
 * at a config line, the others for one at an ss line (`anchor`).
 */
export function socketsListed(
  live: LiveInput,
  sockets: readonly ListeningSocket[],
  anchor?: Location,
): RelatedLocation[] {
  return socketPlaces(live, sockets)
    .filter(({ location }) => location.file !== anchor?.file || location.line !== anchor.line)
    .map(({ socket, location }) => ({
      ...location,
      message: `${socket.protocol} ${formatEndpoint(socket)} is listed here`,
    }));
}

/** Where the ss file lists each socket; a /proc socket has no place. */
function socketPlaces(
  live: LiveInput,
  sockets: readonly ListeningSocket[],
): { socket: ListeningSocket; location: Location }[] {
  const file = live.snapshot.sourceFile;

  return sockets.flatMap((socket) =>
    file !== undefined && socket.place ? [{ socket, location: { file, ...socket.place } }] : [],
  );
}

/**
 * True when the snapshot has what a check needs; otherwise records why it could not run.
 * `rule` is the rule's name as the summary shows it.
 */
export function hasCapabilities(live: LiveInput, rule: string, needs: Capability[]): boolean {
  const lacking = needs.filter((c) => live.snapshot.missing.has(c));

  if (lacking.length === 0) return true;

  live.couldNotRun(rule, lacking.map((c) => live.snapshot.missing.get(c)).join('; '));

  return false;
}
