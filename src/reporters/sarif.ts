// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) for code
// scanning: rule metadata, exclusive end columns in UTF-16 code units, artifact URIs relative
// to the run's root through a uriBaseId, and fingerprints without line numbers.
// The log is written as it is made (sarifChunks): one result is built and stringified at a time,
// so a run with 300k lines and 19k results never holds the whole log as objects or one string.
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl, INFORMATION_URI } from '../engine/define.js';
import type { Finding, Fix, Location, RelatedLocation, Severity } from '../engine/types.js';
import type { ReportContext } from './index.js';
import { getOrAdd } from '../memo.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const ROOT_BASE_ID = 'ROOT';
export const FINGERPRINT_KEY = 'ngxlintFingerprint/v1';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(findings: readonly Finding[], context: ReportContext): string {
  return [...sarifChunks(findings, context)].join('');
}

const FINGERPRINT_JSON = JSON.stringify(FINGERPRINT_KEY);
// Stands in for the results while the rest of the log is stringified, then is cut out.
const RESULTS_SLOT = '\u0000ngxlint-results\u0000';
// Where JSON.stringify(log, null, 2) puts an item of runs[0].results.
const RESULT_INDENT = ' '.repeat(8);

/** The SARIF log in pieces whose concatenation is formatSarif's text: indented as
 * JSON.stringify(log, null, 2) would, except that each result is one line. */
export function* sarifChunks(
  findings: readonly Finding[],
  context: ReportContext,
): Generator<string> {
  const ruleIndex = new Map(context.rules.map((r, i) => [r.id, i]));
  const rules = context.rules.map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: sentence(r.description) },
    fullDescription: { text: sentence(`${r.description} (${r.id}, ${r.name})`) },
    helpUri: docsUrl(r.id),
    help: { text: sentence(`See ${docsUrl(r.id)}`) },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { tags: r.tags },
  }));
  // Thousands of locations name the same few files: write each file's artifact once.
  const artifacts = new Map<string, string>();
  const artifactJson = (file: string) =>
    getOrAdd(artifacts, file, () => JSON.stringify(artifactLocation(file, context.root)));
  const location = (at: Location) =>
    `{"artifactLocation":${artifactJson(at.file)},"region":${regionJson(at)}}`;

  // Rules hand many findings the same related places (NGX305 lists the app port's first uses
  // for each): write each place object once.
  const relatedTails = new WeakMap<RelatedLocation, string>();
  const relatedTail = (r: RelatedLocation) =>
    getOrAdd(
      relatedTails,
      r,
      () => `"physicalLocation":${location(r)},"message":${textJson(r.message)}}`,
    );

  // A result is written as JSON.stringify would write its object, without making the object:
  // at 62k results with a dozen related places each, the objects cost more than the text.
  const resultJson = (f: Finding): string => {
    const index = ruleIndex.get(f.ruleId);
    let json = `{"ruleId":${JSON.stringify(f.ruleId)}`;

    if (index !== undefined) json += `,"ruleIndex":${index}`;

    json += `,"level":"${LEVEL[f.severity]}","message":${textJson(f.message)}`;
    json += `,"locations":[{"physicalLocation":${location(f)}}]`;

    if (f.related.length) {
      json += `,"relatedLocations":[${f.related
        .map((r, id) => `{"id":${id},${relatedTail(r)}`)
        .join(',')}]`;
    }

    json += `,"partialFingerprints":{${FINGERPRINT_JSON}:${JSON.stringify(f.fingerprint)}}`;

    if (f.fixes?.length) {
      json += `,"fixes":${JSON.stringify(f.fixes.map((x) => sarifFix(x, context.root)))}`;
    }

    if (f.suppressed) {
      const suppression = {
        kind: f.suppressed.kind === 'inline' ? 'inSource' : 'external',
        ...(f.suppressed.justification ? { justification: f.suppressed.justification } : {}),
      };

      json += `,"suppressions":${JSON.stringify([suppression])}`;
    }

    return `${json}}`;
  };

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ngxlint',
            version: context.version,
            semanticVersion: context.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        originalUriBaseIds: {
          [ROOT_BASE_ID]: {
            uri: pathToFileURL(context.root.endsWith(sep) ? context.root : context.root + sep).href,
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.length ? [RESULTS_SLOT] : [],
      },
    ],
  };
  const text = `${JSON.stringify(log, null, 2)}\n`;

  if (findings.length === 0) {
    yield text;

    return;
  }

  const slot = `${RESULT_INDENT}${JSON.stringify(RESULTS_SLOT)}`;
  const at = text.indexOf(slot);

  yield text.slice(0, at);

  // A result per line: a log of 19k results is half the size, and each result greps whole.
  for (let i = 0; i < findings.length; i += 1) {
    yield `${i ? ',\n' : ''}${RESULT_INDENT}${resultJson(findings[i])}`;
  }

  yield text.slice(at + slot.length);
}

/** SARIF texts are sentences: they end with a period (the validator's rule SARIF2001). */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** `{"text":"…"}` for a SARIF message, as a sentence. */
function textJson(text: string): string {
  return `{"text":${JSON.stringify(sentence(text))}}`;
}

/** A region as JSON.stringify writes it; the end column never falls before the start. */
function regionJson(at: Location): string {
  const { line, column, endLine } = at;
  const endColumn = Math.max(at.endColumn, endLine === line ? column : 1);
  const whole = Number.isSafeInteger;

  // Anything but whole numbers (a missing end) is left to JSON.stringify's rules.
  if (!(whole(line) && whole(column) && whole(endLine) && whole(endColumn))) {
    return JSON.stringify({ startLine: line, startColumn: column, endLine, endColumn });
  }

  return (
    `{"startLine":${line},"startColumn":${column},` +
    `"endLine":${endLine},"endColumn":${endColumn}}`
  );
}

/** A path under the root is a relative URI against ROOT; anything else an absolute file URI. */
export function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const rel = relative(root, file);

  if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
    return { uri: pathToFileURL(file).href };

  return { uri: rel.split(sep).map(encodeSegment).join('/'), uriBaseId: ROOT_BASE_ID };
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sarifFix(fix: Fix, root: string) {
  const byFile = new Map<string, Fix['edits']>();

  for (const edit of fix.edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);

  return {
    description: { text: sentence(fix.description) },
    artifactChanges: [...byFile].map(([file, edits]) => ({
      artifactLocation: artifactLocation(file, root),
      replacements: edits.map((e) => ({
        deletedRegion: {
          startLine: e.range.line,
          startColumn: e.range.column,
          endLine: e.range.endLine,
          endColumn: e.range.endColumn,
        },
        insertedContent: { text: e.text },
      })),
    })),
  };
}
