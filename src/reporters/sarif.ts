// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) for code
// scanning: rule metadata, exclusive end columns in UTF-16 code units, artifact URIs relative
// to the run's root through a uriBaseId, and fingerprints without line numbers.
// The log is written as it is made (sarifChunks): one result is built and stringified at a time,
// so a run with 300k lines and 19k results never holds the whole log as objects or one string.
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl, INFORMATION_URI } from '../engine/define.js';
import type { Finding, Fix, Location, Severity } from '../engine/types.js';
import type { ReportContext } from './index.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const ROOT_BASE_ID = 'ROOT';
export const FINGERPRINT_KEY = 'ngxlintFingerprint/v1';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(findings: readonly Finding[], context: ReportContext): string {
  return [...sarifChunks(findings, context)].join('');
}

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
  // Thousands of locations name the same few files: build each file's artifact once.
  const artifacts = new Map<string, ReturnType<typeof artifactLocation>>();
  const artifactOf = (file: string) => {
    let artifact = artifacts.get(file);

    if (!artifact) {
      artifact = artifactLocation(file, context.root);
      artifacts.set(file, artifact);
    }

    return artifact;
  };
  const location = (at: Location) => physicalLocation(at, artifactOf);

  const resultOf = (f: Finding) => ({
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: sentence(f.message) },
    locations: [{ physicalLocation: location(f) }],
    ...(f.related.length
      ? {
          relatedLocations: f.related.map((r, id) => ({
            id,
            physicalLocation: location(r),
            message: { text: sentence(r.message) },
          })),
        }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.fixes?.length ? { fixes: f.fixes.map((x) => sarifFix(x, context.root)) } : {}),
    ...(f.suppressed
      ? {
          suppressions: [
            {
              kind: f.suppressed.kind === 'inline' ? 'inSource' : 'external',
              ...(f.suppressed.justification ? { justification: f.suppressed.justification } : {}),
            },
          ],
        }
      : {}),
  });

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
    yield `${i ? ',\n' : ''}${RESULT_INDENT}${JSON.stringify(resultOf(findings[i]))}`;
  }

  yield text.slice(at + slot.length);
}

/** SARIF texts are sentences: they end with a period (the validator's rule SARIF2001). */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function physicalLocation(at: Location, artifactOf: (file: string) => { uri: string }) {
  return {
    artifactLocation: artifactOf(at.file),
    region: {
      startLine: at.line,
      startColumn: at.column,
      endLine: at.endLine,
      endColumn: Math.max(at.endColumn, at.endLine === at.line ? at.column : 1),
    },
  };
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
