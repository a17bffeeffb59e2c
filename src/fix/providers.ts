// Fixes for findings whose rules do not attach their own, keyed by what the finding is about.
// Certain fixes (applied by --fix) keep nginx's behaviour exactly; suggestions (where either
// side could be the wrong one) are offered and never applied.
import type { Edit, Finding, Fix, Location } from '../engine/types.js';
import { scanComments } from '../suppress/comments.js';
import { editBetween, linedText, offsetAt, type LinedText } from './edits.js';
import { statements, tokenize, wordValue, type Statement } from './nginx-tokens.js';
import { getOrAdd } from '../memo.js';

type ReadText = (file: string) => string | undefined;
/** A file's text and line starts, once per file and run; undefined when it cannot be read. */
type SourceOf = (file: string) => LinedText | undefined;
type Provider = (finding: Finding, source: LinedText, sourceOf: SourceOf) => Fix[];

/** Certain fix for nginx's `unexpected "}"` after a directive: the `;` it lacks. */
const missingSemicolon: Provider = (finding, source) => {
  const { text } = source;
  const atEof = finding.message.startsWith('unexpected end of file, expecting ";"');

  if (finding.message !== 'unexpected "}"' && !atEof) return [];

  const at = atEof ? text.length : offsetOf(finding, source);

  if (!atEof && text[at] !== '}') return [];

  const last = lastCodeBefore(text, at);

  if (last < 0 || ';{}'.includes(text[last])) return [];

  // nginx takes the character after a lone backslash into the word, so a `;` right after it
  // would be part of the argument. Doubling the backslash keeps it, but which value was meant
  // is a guess: only a suggestion.
  if (escapesNext(text, last)) {
    return [
      {
        description: 'Escape the trailing "\\" and insert the ";" that ends the directive',
        edits: [editBetween(finding.file, source, last + 1, last + 1, '\\;')],
        certain: false,
      },
    ];
  }

  return [
    {
      description: 'Insert the ";" that ends the directive',
      edits: [editBetween(finding.file, source, last + 1, last + 1, ';')],
      certain: true,
    },
  ];
};

/** Certain fix for the `ssl on` directive: `ssl` on every listen of its server instead. */
const sslDirective: Provider = (finding, source) => {
  const { text } = source;
  const at = offsetOf(finding, source);
  const all = statements(tokenize(text));
  const ssl = all.find((s) => s.words[0]?.start === at && s.words[0].text === 'ssl');

  if (!ssl || ssl.words.length !== 2 || !ssl.end || ssl.end.kind !== ';') return [];

  const value = ssl.words[1].text;

  if (value !== 'on' && value !== 'off') return [];

  // The server must be in sight: `ssl on;` in a snippet that a server includes has that
  // server's own listens in another file.
  const block = all.find((s) => s.open !== undefined && s.open === ssl.parent);

  if (block?.words[0]?.text !== 'server') return [];

  const siblings = all.filter((s) => s.parent === ssl.parent && s !== ssl);
  const listens = siblings.filter((s) => s.words[0]?.text === 'listen');
  const edits = [removeStatement(finding.file, source, ssl)];

  if (value === 'on') {
    // Listens brought by an include, or the implicit listen of a server without one, are
    // out of sight: then the change is no longer certain to keep every socket as it was.
    if (listens.length === 0 || siblings.some((s) => s.words[0]?.text === 'include')) return [];

    for (const listen of listens) {
      // nginx compares the unquoted value: `"ssl"` is the ssl parameter too.
      if (listen.words.some((w) => wordValue(w.text) === 'ssl') || listen.words.length < 2)
        continue;

      const address = listen.words[1];

      edits.push(editBetween(finding.file, source, address.end, address.end, ' ssl'));
    }
  }

  return [
    {
      description:
        value === 'on'
          ? 'Replace "ssl on" with the "ssl" parameter on every listen of this server'
          : 'Remove "ssl off", which is the default',
      edits,
      // `ssl on` in http (perhaps in another file) would reach the server once its `ssl off`
      // is gone: a suggestion only.
      certain: value === 'on',
    },
  ];
};

/** Deletes a statement, with its line when nothing else is on it. */
function removeStatement(
  file: string,
  source: LinedText,
  statement: Statement,
): ReturnType<typeof editBetween> {
  const { text } = source;
  let start = statement.words[0].start;
  let end = statement.end!.end;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd === -1 ? text.length : lineEnd);

  if (/^[ \t]*$/.test(before) && /^[ \t]*\r?$/.test(after)) {
    start = lineStart;
    end = lineEnd === -1 ? text.length : lineEnd + 1;
  }

  return editBetween(file, source, start, end, '');
}

/**
 * Suggestions for a proxy_pass that misses the app: point proxy_pass at the app's port, or
 * move the app to the port proxy_pass names. Which side is wrong is the user's call.
 */
const portMismatch: Provider = (finding, source, sourceOf) => {
  const { text } = source;
  const start = offsetOf(finding, source);
  const end = offsetAt(source.starts, text.length, finding.endLine, finding.endColumn);
  const target = /:(\d{1,5})(?=[/;\s]|$)/.exec(text.slice(start, end));
  const appPort = /expected the app port "(\d+)"/.exec(finding.message)?.[1];

  if (!target || !appPort || target[1] === appPort) return [];

  const at = start + target.index + 1;
  const fixes: Fix[] = [
    {
      description: `Point proxy_pass at the app's port ${appPort}`,
      edits: [editBetween(finding.file, source, at, at + target[1].length, appPort)],
      certain: false,
    },
  ];
  const edits = finding.related
    .filter((r) => /port/i.test(r.message))
    .map((r) => portEdit(r, appPort, target[1], sourceOf));
  // Two related places (a unit line and its --port) can hold the same digits.
  const appSide = edits.filter(
    (e, i) => !e || edits.findIndex((o) => o && JSON.stringify(o) === JSON.stringify(e)) === i,
  );

  if (appSide.length > 0 && appSide.every((e) => e !== undefined)) {
    fixes.push({
      description: `Move the app to port ${target[1]}, where proxy_pass points`,
      edits: appSide,
      certain: false,
    });
  }

  return fixes;
};

const PROVIDERS: Record<string, Provider[]> = {
  syntax: [missingSemicolon],
  ssl: [sslDirective],
  'proxy-pass-app-port': [portMismatch],
};

/** Which providers may know a fix for a finding: by rule name, else by what it reports. */
function providersFor(finding: Finding): Provider[] {
  if (PROVIDERS[finding.ruleName]) return PROVIDERS[finding.ruleName];
  if (finding.message.startsWith('unexpected ')) return PROVIDERS.syntax;
  if (/"ssl"/.test(finding.message)) return PROVIDERS.ssl;

  return [];
}

/**
 * Adds fixes to findings that have none and that a provider knows, reading each finding's
 * file through readText (which returns undefined for a file it cannot read as UTF-8).
 */
export function provideFixes(findings: Finding[], readText: ReadText): Finding[] {
  const sources = new Map<string, LinedText | undefined>();
  const sourceOf: SourceOf = (file) =>
    getOrAdd(sources, file, () => {
      const text = readText(file);

      return text === undefined ? undefined : linedText(text);
    });
  const provided = findings.map((finding) => {
    if (finding.fixes?.length) return finding;

    const providers = providersFor(finding);
    const source = providers.length ? sourceOf(finding.file) : undefined;

    if (source === undefined) return finding;

    const fixes = providers.flatMap((p) => p(finding, source, sourceOf));

    return fixes.length ? { ...finding, fixes } : finding;
  });

  return distrustBrokenFiles(provided);
}

/**
 * A missing ";" is certain only in a file whose every syntax error it explains: a file with
 * other syntax errors may not be nginx at all (a script read as a fragment), and there the
 * insertions become suggestions.
 */
function distrustBrokenFiles(findings: Finding[]): Finding[] {
  const isSyntax = (f: Finding) => f.message.startsWith('unexpected ');
  const broken = new Set(
    findings.filter((f) => isSyntax(f) && !f.fixes?.length).map((f) => f.file),
  );

  return findings.map((f) =>
    isSyntax(f) && broken.has(f.file) && f.fixes
      ? { ...f, fixes: f.fixes.map((x) => ({ ...x, certain: false })) }
      : f,
  );
}

/** An edit of the port number written inside a related location, if it is there. */
// Thousands of proxy_pass findings share the same related places (where the app port is set):
// each place's edit from one port to another is worked out once per reader (a run's texts).
const portEdits = new WeakMap<SourceOf, WeakMap<Location, Map<string, Edit | undefined>>>();

function portEdit(place: Location, from: string, to: string, sourceOf: SourceOf): Edit | undefined {
  const byPlace = getOrAdd(portEdits, sourceOf, () => new WeakMap());
  const byPorts = getOrAdd(byPlace, place, () => new Map<string, Edit | undefined>());
  const key = `${from} ${to}`;

  if (!byPorts.has(key)) byPorts.set(key, findPortEdit(place, from, to, sourceOf));

  return byPorts.get(key);
}

function findPortEdit(
  place: Location,
  from: string,
  to: string,
  sourceOf: SourceOf,
): Edit | undefined {
  const source = sourceOf(place.file);

  if (source === undefined) return undefined;

  const { text, starts } = source;
  const start = offsetAt(starts, text.length, place.line, place.column);
  const end = offsetAt(starts, text.length, place.endLine, place.endColumn);
  const digits = new RegExp(`(?<!\\d)${from}(?!\\d)`).exec(text.slice(start, end));

  if (!digits) return undefined;

  return editBetween(
    place.file,
    source,
    start + digits.index,
    start + digits.index + from.length,
    to,
  );
}

function offsetOf(finding: Finding, { text, starts }: LinedText): number {
  return offsetAt(starts, text.length, finding.line, finding.column);
}

/** Whether the backslash run that ends at `at` leaves the character after it escaped. */
function escapesNext(text: string, at: number): boolean {
  let run = 0;

  while (at - run >= 0 && text[at - run] === '\\') run += 1;

  return run % 2 === 1;
}

/** The offset of the last character before `at` that is neither space nor comment. */
function lastCodeBefore(text: string, at: number): number {
  const comments = scanComments(text.slice(0, at), 'nginx');
  let i = at - 1;

  while (i >= 0) {
    const comment = comments.find((c) => c.start <= i && i < c.end);

    if (comment) i = comment.start - 1;
    else if (/\s/.test(text[i])) i -= 1;
    else return i;
  }

  return -1;
}
