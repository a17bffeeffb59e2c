// The SARIF log is made in pieces, one result at a time: what the pieces add up to is the
// whole log, indented as JSON.stringify(log, null, 2) except that each result is one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lint } from '../../src/lint.js';
import { formatSarif, sarifChunks } from '../../src/reporters/sarif.js';
import { FIXTURES, REPO_ROOT } from '../helpers.js';

async function contextOf(path: string) {
  const result = await lint({ paths: [path], cwd: REPO_ROOT, env: {}, note: () => {} });
  const context = {
    cwd: REPO_ROOT,
    root: result.project.root,
    version: '9.9.9',
    rules: result.rules,
    color: false,
  };

  return { findings: result.findings, context };
}

test('SARIF pieces: one per result, whole, and the indentation JSON.stringify gives', async () => {
  const { findings, context } = await contextOf(join(FIXTURES, 'example', 'broken'));
  const chunks = [...sarifChunks(findings, context)];
  const text = formatSarif(findings, context);
  const log = JSON.parse(text);
  const results: unknown[] = log.runs[0].results;

  assert.ok(findings.length > 5);
  assert.equal(chunks.join(''), text);
  assert.equal(chunks.length, findings.length + 2, 'head, each result, tail');

  const lines = text.split('\n');
  const first = lines.findIndex((l) => l === '      "results": [') + 1;
  const resultLines = lines.slice(first, first + results.length);

  assert.deepEqual(
    resultLines.map((l, i) => JSON.parse(l.replace(/,$/, '').trimStart()) as unknown),
    results,
  );
  assert.ok(resultLines.every((l) => l.startsWith('        {')));
  assert.equal(lines[first + results.length], '      ]');

  // Everything but the results is laid out as JSON.stringify(log, null, 2) lays it out.
  const pretty = JSON.stringify({ ...log, runs: [{ ...log.runs[0], results: [] }] }, null, 2);

  assert.equal(
    [
      ...lines.slice(0, first - 1),
      '      "results": [],',
      ...lines.slice(first + results.length + 1),
    ]
      .join('\n')
      .replace('"results": [],\n', '"results": []\n'),
    `${pretty}\n`,
  );
});

test('SARIF of a clean run is one piece with an empty results array', async () => {
  const { context } = await contextOf(join(FIXTURES, 'example', 'good'));
  const chunks = [...sarifChunks([], context)];

  assert.equal(chunks.length, 1);
  assert.deepEqual(JSON.parse(chunks[0]).runs[0].results, []);
  assert.match(chunks[0], /\n {6}"results": \[\]\n/);
});

test('each SARIF result line is the JSON.stringify text of what it parses to', async () => {
  const { findings, context } = await contextOf(join(FIXTURES, 'example', 'broken'));
  const base = findings.find((f) => f.fixes?.length)!;
  const odd = [
    ...findings,
    {
      ...base,
      message: 'quote " backslash \\ tab \t bell \u0007 line\u2028end',
      file: join(context.root, 'odd dir', 'n%ame #1.conf'),
      suppressed: { kind: 'inline' as const, justification: 'why "not"' },
    },
    { ...base, suppressed: { kind: 'baseline' as const } },
    // A location without an end, as a hand-made finding could have.
    { ...base, fixes: undefined, endLine: undefined as unknown as number },
  ];
  const lines = formatSarif(odd, context).split('\n');
  const results = lines.filter((l) => l.startsWith('        {')).map((l) => l.replace(/,$/, ''));

  assert.ok(base, 'the broken example has a finding with a fix');
  assert.equal(results.length, odd.length);

  for (const line of results) assert.equal(JSON.stringify(JSON.parse(line)), line.trimStart());

  const last = JSON.parse(results.at(-1)!);

  assert.deepEqual(Object.keys(last.locations[0].physicalLocation.region), [
    'startLine',
    'startColumn',
    'endColumn',
  ]);
  assert.equal(last.locations[0].physicalLocation.region.endColumn, Math.max(base.endColumn, 1));
  assert.deepEqual(JSON.parse(results.at(-3)!).suppressions, [
    { kind: 'inSource', justification: 'why "not"' },
  ]);
  assert.deepEqual(JSON.parse(results.at(-2)!).suppressions, [{ kind: 'external' }]);
});
