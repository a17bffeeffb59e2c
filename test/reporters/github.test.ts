import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../../src/engine/types.js';
import {
  formatGithub,
  githubMessage,
  githubProperties,
  GITHUB_ANNOTATIONS_PER_LEVEL,
} from '../../src/reporters/github.js';
import { REPO_ROOT } from '../helpers.js';
import { assertGolden, loadSample, SAMPLE_ROOT } from './compact-golden.js';

const context = { cwd: '/nowhere', root: SAMPLE_ROOT };

type IssueCommand = (command: string, properties: Record<string, string>, message: string) => void;
type CoreError = (message: string, properties: Record<string, unknown>) => void;

/** @actions/core's own command writer; its package exports only the top module. */
async function loadIssueCommand(): Promise<IssueCommand> {
  const path = join(REPO_ROOT, 'node_modules', '@actions', 'core', 'lib', 'command.js');
  const module = (await import(pathToFileURL(path).href)) as { issueCommand: IssueCommand };

  return module.issueCommand;
}

/** What a toolkit call writes to stdout. */
function captureStdout(write: () => void): string {
  const original = process.stdout.write.bind(process.stdout);
  let captured = '';

  process.stdout.write = ((chunk: string | Uint8Array) => {
    captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');

    return true;
  }) as typeof process.stdout.write;

  try {
    write();
  } finally {
    process.stdout.write = original;
  }

  return captured;
}

/** Findings whose messages and file names hold every character the toolkit escapes. */
function trickyFindings(): Finding[] {
  const names = ['a:b,c%d.conf', 'sites-enabled/line\nbreak\r.conf', 'plain.conf', 'ünï cödé.conf'];
  const messages = [
    'value "100%" is not a port, expected "80": check it',
    'two lines\r\nof text, then %0A literally',
    'colon: comma, percent % done',
    'trailing newline\n',
  ];

  return names.map((name, i) => ({
    ruleId: `NGX30${i + 1}`,
    ruleName: `rule-${i}`,
    severity: (['error', 'warning', 'info', 'error'] as const)[i],
    message: messages[i],
    file: join(SAMPLE_ROOT, name),
    line: i + 1,
    column: 2,
    endLine: i === 1 ? 3 : i + 1,
    endColumn: 9,
    related: [],
    fingerprint: `fp${i}`,
  }));
}

test('github matches its golden file', () => {
  assertGolden('github.txt', formatGithub(loadSample(), context));
});

test('github annotations equal what @actions/core issueCommand writes', async () => {
  const issueCommand = await loadIssueCommand();
  const findings = [...trickyFindings(), ...loadSample().filter((f) => !f.suppressed)];
  const ours = formatGithub(findings, context).split('\n').filter(Boolean);
  const command = { error: 'error', warning: 'warning', info: 'notice' } as const;
  const expected = findings.map((f) =>
    captureStdout(() =>
      issueCommand(
        command[f.severity],
        Object.fromEntries(githubProperties(f, SAMPLE_ROOT)),
        githubMessage(f, SAMPLE_ROOT),
      ),
    ).replace(/\n$/, ''),
  );

  assert.equal(ours.length, findings.length);
  assert.deepEqual([...ours].sort(), [...expected].sort());
  assert.ok(ours.some((line) => line.includes('file=a%3Ab%2Cc%25d.conf,')));
  assert.ok(ours.some((line) => line.includes('line%0Abreak%0D.conf')));
});

test('github annotations carry the properties core.error writes from AnnotationProperties', async () => {
  const core = (await import('@actions/core')) as unknown as { error: CoreError };

  for (const finding of trickyFindings().filter((f) => f.severity === 'error')) {
    const ours = formatGithub([finding], context).trimEnd();
    const properties = Object.fromEntries(githubProperties(finding, SAMPLE_ROOT));
    const theirs = captureStdout(() =>
      core.error(githubMessage(finding, SAMPLE_ROOT), {
        title: properties.title,
        file: properties.file,
        startLine: Number(properties.line),
        endLine: Number(properties.endLine),
        startColumn: Number(properties.col),
        endColumn: Number(properties.endColumn),
      }),
    ).trimEnd();

    assert.deepEqual(parseCommand(ours), parseCommand(theirs));
  }
});

test('github shows the most severe first, 10 per level, and counts what it left out', () => {
  const base = loadSample()[0];
  const findings: Finding[] = [];

  for (let i = 0; i < 25; i += 1) {
    findings.push({ ...base, severity: 'info', line: i + 1, fingerprint: `i${i}` });
  }

  for (let i = 0; i < 13; i += 1) {
    findings.push({ ...base, severity: 'error', line: 100 + i, fingerprint: `e${i}` });
  }

  findings.push({ ...base, severity: 'warning', line: 200, fingerprint: 'w' });

  const lines = formatGithub(findings, context).trimEnd().split('\n');
  const levels = lines.slice(0, -1).map((l) => /^::(\w+) /.exec(l)?.[1]);

  assert.equal(GITHUB_ANNOTATIONS_PER_LEVEL, 10);
  assert.deepEqual(levels, [
    ...Array<string>(10).fill('error'),
    'warning',
    ...Array<string>(9).fill('notice'),
  ]);
  assert.match(lines[0], /,line=100,/);
  assert.equal(
    lines.at(-1),
    '::notice::ngxlint: 19 more findings were not annotated (3 errors, 16 notices; GitHub shows 10 per ' +
      'level in a step); the SARIF upload carries them all',
  );
});

/** Splits a workflow command into its name, properties (unordered) and message. */
function parseCommand(line: string): { name: string; properties: string[]; message: string } {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);

  assert.ok(match, `not a workflow command: ${line}`);

  return { name: match[1], properties: match[2].split(',').sort(), message: match[3] };
}
