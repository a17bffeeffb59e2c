// Whatever ngxlint prints to a terminal escapes control characters as \xNN: file names with
// ESC, CR or LF in stderr notes, error lines, compact and github output, and server names in
// `ngxlint sockets`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';

const ESC = '\u001b';
const NAMES = [`evil${ESC}[2J.conf`, 'cr\r.conf', 'lf\n.conf'];
const SHOWN = ['evil\\x1b[2J.conf', 'cr\\r.conf', 'lf\\n.conf'];

/** No raw control character but the line breaks between lines. */
function assertNoControl(text: string, label: string): void {
  assert.doesNotMatch(
    text,
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/,
    `${label}: ${JSON.stringify(text)}`,
  );
}

function tree(t: { after: (fn: () => void) => void }): string {
  const dir = tempDir('ngxlint-escape-');

  t.after(dir.cleanup);
  mkdirSync(join(dir.path, '.git'));

  for (const name of NAMES) writeFileSync(join(dir.path, name), 'server {\n    listen 81;\n}\n');

  return dir.path;
}

test('file names with ESC, CR and LF are escaped in notes, compact and github output', (t) => {
  const dir = tree(t);

  for (const [i, name] of NAMES.entries()) {
    const compact = runCli([name, '--context', 'http', '--format', 'compact'], { cwd: dir });

    assert.equal(compact.status, 1, compact.stderr);
    assertNoControl(compact.stdout, 'compact');
    assertNoControl(compact.stderr, 'stderr');
    assert.ok(
      compact.stdout.startsWith(`${SHOWN[i]}:1:1: error: no server listens on port 80`),
      compact.stdout,
    );
    assert.ok(
      compact.stdout.includes(`\n${SHOWN[i]}:2:5: warning: nginx listens on port "81"`),
      compact.stdout,
    );
    assert.ok(
      compact.stderr.includes(`ngxlint: linting ${SHOWN[i]}: given on the command line`),
      compact.stderr,
    );

    const github = runCli([name, '--context', 'http', '--format', 'github'], { cwd: dir });

    assertNoControl(github.stdout, 'github');
    // ESC as \x1b; CR and LF as GitHub's own %0D and %0A.
    const file = ['evil\\x1b[2J.conf', 'cr%0D.conf', 'lf%0A.conf'][i];

    assert.ok(github.stdout.startsWith(`::error file=${file},line=1,col=1,`), github.stdout);
    assert.ok(github.stdout.includes(`\n::warning file=${file},line=2,col=5,`), github.stdout);
  }
});

test('an error line naming a path escapes it', () => {
  const r = runCli([`missing${ESC}]0;title\u0007.conf`]);

  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'ngxlint: PATH "missing\\x1b]0;title\\x07.conf" does not exist\n');
});

test('sockets escapes server names and file names', (t) => {
  const dir = tempDir('ngxlint-escape-sockets-');

  t.after(dir.cleanup);
  writeFileSync(
    join(dir.path, 'nginx.conf'),
    `events {}\nhttp {\n    server { listen 80; server_name a${ESC}[31mred; }\n    server { listen 80; server_name a${ESC}[31mred; }\n}\n`,
  );

  const r = runCli(['sockets', 'nginx.conf'], { cwd: dir.path });

  assert.equal(r.status, 0, r.stderr);
  assertNoControl(r.stdout, 'sockets');
  assert.match(r.stdout, /^ {2}nginx\.conf:3 {2}a\\x1b\[31mred {2}\[default\]$/m);
  assert.match(r.stdout, /shadowed: "a\\x1b\[31mred" at nginx\.conf:4/);
});
