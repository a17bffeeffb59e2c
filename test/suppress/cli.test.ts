// Suppressions through the CLI on the broken example: one in each file kind the deployment
// checks read, misused ones reported where they are, suppressed findings kept in SARIF and
// left out of the text, JSON and compact counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { FIXTURES, runCli, tempDir } from '../helpers.js';

/** Inserts a line before line `before` (1-based) of a file of the tree. */
function insertLine(root: string, file: string, before: number, line: string): void {
  const path = join(root, file);
  const lines = readFileSync(path, 'utf8').split('\n');

  lines.splice(before - 1, 0, line);
  writeFileSync(path, lines.join('\n'));
}

function suppressedTree(): { root: string; cleanup: () => void } {
  const dir = tempDir('ngxlint-suppress-');
  const root = join(dir.path, 'broken');

  cpSync(join(FIXTURES, 'example', 'broken'), root, { recursive: true, verbatimSymlinks: true });
  spawnSync('git', ['init', '-q', root]);

  // nginx, by name; a systemd unit with its `#`; a shell script by code.
  insertLine(
    root,
    'nginx/sites-enabled/default',
    3,
    '\t# ngxlint-disable-next-line single-listen-80 -- legacy default host, removed in Q3',
  );
  insertLine(
    root,
    'systemd/web.service',
    8,
    '# ngxlint-disable-next-line NGX312 -- staging copy on its own port',
  );
  insertLine(
    root,
    'restart.sh',
    5,
    '# ngxlint-disable-next-line NGX311 -- manual restarts wait by hand',
  );
  // Misuse: a unit's `;` comment that hides nothing, no reason in an env file, an unknown rule.
  insertLine(
    root,
    'systemd/app.service',
    1,
    '; ngxlint-disable-next-line NGX301 -- nothing on port 80 here',
  );
  insertLine(root, '.env', 1, '# ngxlint-disable-next-line NGX303');
  insertLine(root, 'deploy.sh', 2, '# ngxlint-disable-next-line NGX399 -- typo');

  return { root, cleanup: dir.cleanup };
}

/** One CLI run of the suppressed tree in json (stdout), compact, text and sarif (files). */
function lintAllFormats(root: string) {
  const result = runCli(
    [
      '.',
      '--format',
      'json',
      '--format',
      'compact:out.compact',
      '--format',
      'text:out.txt',
      '--format',
      'sarif:out.sarif',
    ],
    { cwd: root },
  );
  const read = (name: string) => readFileSync(join(root, name), 'utf8');

  return {
    json: JSON.parse(result.stdout) as JsonReport,
    compact: read('out.compact'),
    text: read('out.txt'),
    sarif: JSON.parse(read('out.sarif')),
  };
}

interface JsonReport {
  findings: {
    ruleId: string;
    file: string;
    line: number;
    column: number;
    message: string;
    suppressed?: { kind: string; justification?: string };
  }[];
  summary: { total: number; suppressed: number };
}

test('suppressions in nginx, unit and script files hide their findings; misuse is reported where it is; SARIF keeps them', () => {
  const { root, cleanup } = suppressedTree();

  try {
    const { json, compact, text, sarif } = lintAllFormats(root);
    const suppressed = json.findings
      .filter((f) => f.suppressed)
      .map((f) => [f.ruleId, f.file, f.line, f.suppressed!.justification]);
    const problems = json.findings
      .filter((f) => f.ruleId.startsWith('NGX9'))
      .map((f) => [f.ruleId, f.file, f.line, f.column]);

    assert.deepEqual(suppressed, [
      ['NGX301', 'nginx/sites-enabled/default', 4, 'legacy default host, removed in Q3'],
      ['NGX311', 'restart.sh', 6, 'manual restarts wait by hand'],
      ['NGX312', 'systemd/web.service', 9, 'staging copy on its own port'],
    ]);
    assert.deepEqual(problems, [
      ['NGX901', '.env', 1, 1],
      ['NGX903', '.env', 1, 29],
      ['NGX902', 'deploy.sh', 2, 29],
      ['NGX903', 'systemd/app.service', 1, 29],
    ]);
    // In an env file the message quotes no value, but the rule code is none.
    assert.equal(
      json.findings.find((f) => f.ruleId === 'NGX903' && f.file === '.env')?.message,
      '"ngxlint-disable-next-line NGX303" suppresses nothing, expected a "NGX303" finding on line 2',
    );
    assert.equal(json.summary.suppressed, 3);
    assert.equal(json.summary.total, json.findings.length - 3);

    assert.equal(compact.split('\n').filter(Boolean).length, json.summary.total);
    assert.doesNotMatch(compact, /sites-enabled\/default:4:/);

    assert.match(text, new RegExp(`^${json.summary.total} problems \\(`, 'm'));

    const results = sarif.runs[0].results as {
      ruleId: string;
      suppressions?: { kind: string; justification?: string }[];
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
      }[];
    }[];
    const marked = results
      .filter((r) => r.suppressions)
      .map((r) => [
        r.ruleId,
        r.locations[0].physicalLocation.artifactLocation.uri,
        r.locations[0].physicalLocation.region.startLine,
        r.suppressions,
      ]);

    assert.deepEqual(marked, [
      [
        'NGX301',
        'nginx/sites-enabled/default',
        4,
        [{ kind: 'inSource', justification: 'legacy default host, removed in Q3' }],
      ],
      [
        'NGX311',
        'restart.sh',
        6,
        [{ kind: 'inSource', justification: 'manual restarts wait by hand' }],
      ],
      [
        'NGX312',
        'systemd/web.service',
        9,
        [{ kind: 'inSource', justification: 'staging copy on its own port' }],
      ],
    ]);
  } finally {
    cleanup();
  }
});

test('a baseline hides today’s findings and reports only new ones, marked external in SARIF', () => {
  const { root, cleanup } = suppressedTree();

  try {
    const write = runCli(
      ['.', '--write-baseline', 'ngxlint-baseline.json', '--format', 'compact'],
      { cwd: root },
    );

    assert.equal(write.status, 0, write.stderr);
    assert.equal(write.stdout, '');
    assert.match(write.stderr, /wrote a baseline of \d+ findings to ngxlint-baseline.json/);

    // Unrelated lines above every finding, and one new finding.
    insertLine(root, 'nginx/sites-enabled/app.conf', 1, '# a comment added later\n# and another');
    insertLine(root, 'nginx/conf.d/admin.conf', 1, 'server { listen 8081; }');

    const after = runCli(
      [
        '.',
        '--baseline',
        'ngxlint-baseline.json',
        '--format',
        'compact',
        '--format',
        'sarif:out.sarif',
      ],
      { cwd: root },
    );

    assert.equal(
      after.stdout,
      'nginx/conf.d/admin.conf:1:10: warning: nginx listens on port "8081", expected one of "80", "443" (the default nginx ports 80, 443) [NGX302/listen-port-allowed]\n',
    );
    assert.equal(after.status, 0, 'a warning does not fail the run');

    const sarif = JSON.parse(readFileSync(join(root, 'out.sarif'), 'utf8'));
    const kinds = (sarif.runs[0].results as { suppressions?: { kind: string }[] }[]).map(
      (r) => r.suppressions?.[0].kind ?? 'none',
    );

    assert.equal(kinds.filter((k) => k === 'none').length, 1);
    assert.ok(kinds.filter((k) => k === 'external').length > 10);
  } finally {
    cleanup();
  }
});
