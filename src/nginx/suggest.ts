// "did you mean": the directives of the target build closest to an unknown name, for NGX010
// (`proxy_passs` → `proxy_pass`) and `ngxlint explain`. Read only when a name is unknown.
import { createRequire } from 'node:module';
import { MODULE_TABLES } from './data-files.js';
import { loadTable, type DirectiveTable, type NginxTarget } from './table.js';
import { getOrAdd } from '../memo.js';

const require = createRequire(import.meta.url);

/** At most this many edits (insert, delete, replace, swap two neighbours) away; 1 for names of
 * four characters or fewer, where two edits reach too many unrelated names. */
export const MAX_DISTANCE = 2;

/** Ties at the smallest distance beyond this many are not listed. */
const MAX_SUGGESTIONS = 3;

let everyName: string[] | undefined;

/** Every name any table knows: nginx's whole history and each third-party snapshot. */
function allNames(): string[] {
  if (everyName) return everyName;

  const names = new Set<string>();
  const history = require('./directives/history.json') as { entries: Record<string, unknown> };

  for (const key of Object.keys(history.entries)) names.add(key.slice(key.indexOf(':') + 1));

  for (const id of MODULE_TABLES) {
    const file = require(`./modules/${id}.json`) as {
      snapshots: Record<string, { directives: Array<{ name: string }> }>;
    };

    for (const snapshot of Object.values(file.snapshots)) {
      for (const d of snapshot.directives) names.add(d.name);
    }
  }

  everyName = [...names].sort();

  return everyName;
}

/** A name with the set of its characters as bits (char code mod 32), for a quick bound. */
interface Candidate {
  name: string;
  bits: number;
}

const nearLength = new Map<number, Candidate[]>();

/** The names whose length is within MAX_DISTANCE of `length`, in allNames() order: no other
 * name can be close enough (editDistance would turn each down on length alone). */
function namesNear(length: number): Candidate[] {
  let names = nearLength.get(length);

  if (!names) {
    names = allNames()
      .filter((n) => Math.abs(n.length - length) <= MAX_DISTANCE)
      .map((name) => ({ name, bits: characterBits(name) }));
    nearLength.set(length, names);
  }

  return names;
}

function characterBits(text: string): number {
  let bits = 0;

  for (let i = 0; i < text.length; i++) bits |= 1 << (text.charCodeAt(i) & 31);

  return bits;
}

/** Set bits of a 32-bit number. */
function bitCount(bits: number): number {
  let v = bits - ((bits >>> 1) & 0x55555555);

  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);

  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

// Three rows of the distance table, reused by every call (names are short; they grow on need).
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal string alignment distance, or `limit + 1` as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (rows[0].length <= b.length) rows = rows.map(() => new Int32Array(b.length * 2 + 1));

  let [before, previous, current] = rows;

  for (let j = 0; j <= b.length; j++) previous[j] = j;

  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    let best = i;

    current[0] = i;

    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ai === bj ? 0 : 1));

      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        d = Math.min(d, before[j - 2] + 1);
      }

      current[j] = d;
      if (d < best) best = d;
    }

    if (best > limit) return limit + 1;

    [before, previous, current] = [previous, current, before];
  }

  return Math.min(previous[b.length], limit + 1);
}

// A tree repeats its unknown names (a module ngxlint has no table for): each is looked up once.
const suggested = new WeakMap<DirectiveTable, Map<string, string[]>>();

/** The target's directives nearest to `name`, closest first, or none within reach. */
export function suggestDirectives(name: string, table: DirectiveTable): string[] {
  const byName = getOrAdd(suggested, table, () => new Map<string, string[]>());
  let found = byName.get(name);

  if (!found) {
    found = nearestDirectives(name, table);
    if (byName.size < 10_000) byName.set(name, found);
  }

  return found.slice();
}

function nearestDirectives(name: string, table: DirectiveTable): string[] {
  const limit = name.length <= 4 ? 1 : MAX_DISTANCE;
  const lower = name.toLowerCase();
  const bits = characterBits(lower);
  let best = limit + 1;
  let found: string[] = [];

  for (const candidate of namesNear(name.length)) {
    if (candidate.name === name) continue;

    const reach = Math.min(limit, best);

    // An edit adds or removes at most two characters' bits: more differing bits than twice
    // the reach rule a name out before the table of distances is filled.
    if (bitCount(bits ^ candidate.bits) > 2 * reach) continue;

    const d = editDistance(lower, candidate.name, reach);

    if (d > limit || d > best || table.lookup(candidate.name).length === 0) continue;
    if (d < best) found = [];

    best = d;
    found.push(candidate.name);
  }

  return found.slice(0, MAX_SUGGESTIONS);
}

/** `; did you mean "proxy_pass"?` for a message, or '' when nothing is close. */
export function didYouMean(name: string, target: NginxTarget): string {
  const names = suggestDirectives(name, loadTable(target));

  if (names.length === 0) return '';

  return `; did you mean ${names.map((n) => `"${n}"`).join(' or ')}?`;
}
