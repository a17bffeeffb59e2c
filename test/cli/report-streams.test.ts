// What goes where: a document format on stdout stays parseable beside --fix-dry-run, a baseline
// write says what it recorded, and JSON paths are relative everywhere, suppressions included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';

function tree(t: { after: (fn: () => void) => void }): string {
  const dir = tempDir('ngxlint-streams-');

  t.after(dir.cleanup);
  mkdirSync(join(dir.path, 'nginx'));
  writeFileSync(
    join(dir.path, 'nginx', 'nginx.conf'),
    [
      'events {',
      '    worker_connections 512',
      '}',
      'http {',
      '    server {',
      '        listen 80;',
      '        # ngxlint-disable-next-line NGX302 -- the health check port',
      '        listen 81;',
      '        listen 82;',
      '    }',
      '}',
      '',
    ].join('\n'),
  );

  return dir.path;
}

test('--fix-dry-run with --format json: the diff on stderr, stdout is the JSON alone', (t) => {
  const dir = tree(t);
  const r = runCli(['--fix-dry-run', '--format', 'json'], { cwd: dir });
  const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> };

  assert.ok(report.findings.some((f) => f.ruleId === 'NGX302'));
  assert.match(r.stderr, /^--- a\/nginx\/nginx\.conf\n\+\+\+ b\/nginx\/nginx\.conf\n/m);
  assert.match(r.stderr, /^\+ {4}worker_connections 512;$/m);

  const text = runCli(['--fix-dry-run'], { cwd: dir });

  assert.match(text.stdout, /^\+ {4}worker_connections 512;$/m);
  assert.doesNotMatch(text.stderr, /^\+ {4}worker_connections/m);
});

test('JSON gives a suppression comment its file relative to the working directory', (t) => {
  const dir = tree(t);
  const r = runCli(['--format', 'json'], { cwd: dir });
  const report = JSON.parse(r.stdout) as {
    findings: Array<{
      ruleId: string;
      line: number;
      suppressed?: { location?: { file: string; line: number } };
    }>;
  };
  const suppressed = report.findings.find((f) => f.suppressed);

  assert.equal(suppressed?.line, 8);
  assert.equal(suppressed?.suppressed?.location?.file, 'nginx/nginx.conf');
  assert.equal(suppressed?.suppressed?.location?.line, 7);
});

test('--write-baseline says on stderr how many findings it recorded, and where', (t) => {
  const dir = tree(t);
  const r = runCli(['--write-baseline', 'baseline.json'], { cwd: dir });
  const recorded = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as {
    findings: unknown[];
  };
  const n = recorded.findings.length;

  assert.ok(n >= 2, String(n));
  assert.match(
    r.stderr,
    new RegExp(`^ngxlint: wrote a baseline of ${n} findings to baseline\\.json$`, 'm'),
  );
  // The summary says where the findings went rather than that there were none.
  assert.equal(
    r.stdout,
    `no problems; not shown: ${n} in the baseline, 1 suppressed in the source\n`,
  );
});
