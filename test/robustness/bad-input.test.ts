// Which bad input is which. A problem inside a linted file is a finding at its place: exit 1,
// one line in the text output, a SARIF result. A problem with what the user asked for is one
// line on stderr and exit 2. Never a stack trace, a hang or a partial output file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, runCliAsNobody } from '../helpers.js';

const SERVER = 'server { listen 80; location / { proxy_pass http://127.0.0.1:8000; } }';

interface Sarif {
  runs: {
    results: {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[];
    }[];
  }[];
}

/** A folder with nginx.conf (main context) and any other files. */
function tree(
  t: { after: (fn: () => void) => void },
  files: Record<string, string | Buffer>,
): string {
  const dir = tempDir('ngxlint-bad-');

  t.after(dir.cleanup);

  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir.path, path, '..'), { recursive: true });
    writeFileSync(join(dir.path, path), content);
  }

  return dir.path;
}

function noStackTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /^\s+at .+:\d+:\d+\)?$/m, `stack trace on stderr:\n${stderr}`);
  assert.doesNotMatch(stderr, /internal error/);
}

/** Lints dir with SARIF to a file and text to stdout; returns both, checked for the basics. */
function lintBoth(dir: string, timeoutMs = 20_000) {
  const sarifPath = join(dir, 'out.sarif');
  const run = runCli(['lint', dir, `--format=sarif:${sarifPath}`, '--format=text'], { cwd: dir });

  assert.equal(run.signal, null, `killed by ${run.signal}`);
  noStackTrace(run.stderr);

  const sarif = existsSync(sarifPath)
    ? (JSON.parse(readFileSync(sarifPath, 'utf8')) as Sarif)
    : undefined;

  return { run, sarif, timeoutMs };
}

/** Asserts one finding of `ruleId` at line:column, in the text output and in SARIF. */
function assertFinding(
  result: ReturnType<typeof lintBoth>,
  expected: { ruleId: string; line: number; column: number; message: RegExp; exit: number },
): void {
  const { run, sarif } = result;
  const lines = run.stdout.split('\n').filter((l) => l.includes(` ${expected.ruleId}/`));

  assert.equal(run.status, expected.exit, `exit code; stderr: ${run.stderr}`);
  assert.equal(lines.length, 1, `one ${expected.ruleId} line in:\n${run.stdout}`);
  assert.match(lines[0], new RegExp(`^  ${expected.line}:${expected.column} `));
  assert.match(lines[0], expected.message);
  assert.ok(sarif, 'the SARIF file is written');

  const results = sarif.runs[0].results.filter((r) => r.ruleId === expected.ruleId);

  assert.equal(results.length, 1);
  assert.deepEqual(results[0].locations[0].physicalLocation.region.startLine, expected.line);
  assert.deepEqual(results[0].locations[0].physicalLocation.region.startColumn, expected.column);
}

/** A usage problem: exit 2, one error line on stderr, nothing on stdout, no output file. */
function assertUsage(args: string[], cwd: string, message: RegExp): void {
  const out = join(cwd, 'usage.sarif');
  const run = runCli([...args, '--format=sarif', '--output', out], { cwd });
  const errors = run.stderr.split('\n').filter((l) => l && !l.startsWith('ngxlint: linting '));

  assert.equal(run.status, 2, run.stderr);
  noStackTrace(run.stderr);
  assert.equal(errors.length, 1, `one line on stderr:\n${run.stderr}`);
  assert.match(errors[0], message);
  assert.equal(run.stdout, '');
  assert.equal(existsSync(out), false, 'no partial output file');
}

test('a binary file: findings at their place, control bytes escaped in the text output', (t) => {
  const bytes = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x3b, 0xff,
  ]);
  const dir = tree(t, { 'nginx.conf': bytes });
  const result = lintBoth(dir);

  assertFinding(result, {
    ruleId: 'NGX006',
    line: 1,
    column: 1,
    message: /not valid UTF-8/,
    exit: 1,
  });
  assert.equal(result.run.status, 1);
  assert.doesNotMatch(
    result.run.stdout,
    /[\u0000-\u0008\u000b-\u001f\u007f]/,
    'raw control bytes on stdout',
  );
  assert.match(result.run.stdout, /\\x1b\[2J/, 'the escape sequence is shown escaped');
});

test('NUL bytes in a directive name: a finding that shows the NUL escaped', (t) => {
  const dir = tree(t, {
    'nginx.conf': `events {}\nhttp {\n    serv\u0000er_tokens off;\n    ${SERVER}\n}\n`,
  });

  assertFinding(lintBoth(dir), {
    ruleId: 'NGX010',
    line: 3,
    column: 5,
    message: /"serv\\x00er_tokens"/,
    exit: 1,
  });
});

test('invalid UTF-8 (which nginx accepts) is a warning at most: exit 0', (t) => {
  const dir = tree(t, {
    'nginx.conf': Buffer.concat([
      Buffer.from('events {}\nhttp {\n    # caf'),
      Buffer.from([0xe9]),
      Buffer.from(`\n    ${SERVER}\n}\n`),
    ]),
  });
  const result = lintBoth(dir);

  assertFinding(result, {
    ruleId: 'NGX006',
    line: 1,
    column: 1,
    message: /warning +file is not valid UTF-8/,
    exit: 0,
  });
  assert.ok(result.sarif!.runs[0].results.every((r) => r.level !== 'error'));
});

test('a 50 MB line of short tokens parses', (t) => {
  // About 1.4 million 35-byte names: short tokens, one line, no finding.
  const names: string[] = [];

  for (let i = 0; names.length * 36 < 50.5e6; i++)
    names.push(`n${String(i).padStart(10, '0')}.long-label-example.test`);

  const dir = tree(t, {
    'nginx.conf': `events {}\nhttp { server { listen 80; server_name ${names.join(' ')}; location / { proxy_pass http://127.0.0.1:8000; } } }\n`,
  });
  const result = lintBoth(dir, 60_000);

  assert.ok(readFileSync(join(dir, 'nginx.conf')).length > 50e6);
  assert.equal(result.run.status, 0, result.run.stdout.slice(0, 2000));
  assert.equal(result.sarif!.runs[0].results.length, 0);
});

test("one 50 MB token is nginx's too long parameter, at the token", (t) => {
  const dir = tree(t, {
    'nginx.conf': `events {}\nhttp {\n    server_name ${'a'.repeat(50e6)};\n    ${SERVER}\n}\n`,
  });

  assertFinding(lintBoth(dir), {
    ruleId: 'NGX005',
    line: 3,
    column: 17,
    message: /too long parameter "aaaaaaaaaa\.\.\." started/,
    exit: 1,
  });
});

test('100,000 nested blocks stop at the nesting limit, not at a stack overflow', (t) => {
  const depth = 100_000;
  const dir = tree(t, {
    'nginx.conf': `events {}\nhttp {\n${SERVER}\n${'location / {'.repeat(depth)}${'}'.repeat(depth)}\n}\n`,
  });
  const result = lintBoth(dir);

  assertFinding(result, {
    ruleId: 'NGX005',
    line: 4,
    column: 2400,
    message: /nested deeper than 200 levels/,
    exit: 1,
  });
});

test('include of a directory, a FIFO, /dev/zero and a symlink loop: read errors at the include', (t) => {
  const dir = tree(t, {
    'nginx.conf': `events {}\nhttp {\n    include folder;\n    include fifo;\n    include /dev/zero;\n    include loop1;\n    ${SERVER}\n}\n`,
    'folder/x.conf': 'server_tokens off;\n',
  });

  spawnSync('mkfifo', [join(dir, 'fifo')]);
  symlinkSync('loop2', join(dir, 'loop1'));
  symlinkSync('loop1', join(dir, 'loop2'));

  const result = lintBoth(dir);
  const lines = result.run.stdout.split('\n').filter((l) => l.includes(' NGX004/'));

  assert.equal(result.run.status, 1);
  assert.deepEqual(
    lines.map((l) => /^ {2}(\d+:\d+) .*?error +(.*?) {2}NGX004/.exec(l)?.slice(1)),
    [
      ['3:13', `pread() "${join(dir, 'folder')}" failed (21: Is a directory)`],
      ['4:13', `"${join(dir, 'fifo')}" is not a regular file`],
      ['5:13', '"/dev/zero" is not a regular file'],
      ['6:13', `open() "${join(dir, 'loop1')}" failed (40: Too many levels of symbolic links)`],
    ],
  );
  assert.equal(result.sarif!.runs[0].results.filter((r) => r.ruleId === 'NGX004').length, 4);
});

test('a really unreadable file (as an unprivileged user): a read error at its include', (t) => {
  const missing = ['setpriv', 'chmod'].find((tool) => spawnSync('which', [tool]).status !== 0);

  if (missing || process.getuid?.() !== 0) {
    assert.ok(!process.env.CI, `CI runs as root with setpriv (${missing ?? 'not root'})`);
    t.skip(`SKIPPED: needs root and setpriv (${missing ?? 'not root'})`);

    return;
  }

  const dir = tree(t, {
    'nginx.conf': `events {}\nhttp {\n    include secret.conf;\n    ${SERVER}\n}\n`,
    'secret.conf': 'server_tokens off;\n',
  });

  chmodSync(dir, 0o777);
  chmodSync(join(dir, 'nginx.conf'), 0o644);
  chmodSync(join(dir, 'secret.conf'), 0o000);

  const asNobody = (args: string[]) => runCliAsNobody(args, { cwd: dir, env: { HOME: dir } });
  const sarifPath = join(dir, 'out.sarif');
  const run = asNobody(['lint', dir, `--format=sarif:${sarifPath}`, '--format=text']);
  const lines = run.stdout.split('\n').filter((l) => l.includes(' NGX004/'));

  noStackTrace(run.stderr);
  assert.equal(run.status, 1, run.stderr);
  assert.equal(lines.length, 1);
  assert.match(
    lines[0],
    new RegExp(
      `^  3:13 .*open\\(\\) "${join(dir, 'secret.conf')}" failed \\(13: Permission denied\\)`,
    ),
  );
  assert.equal(JSON.parse(readFileSync(sarifPath, 'utf8')).runs[0].results[0].ruleId, 'NGX004');

  // The same file named as PATH is a problem with what was asked for.
  const entry = asNobody([
    'lint',
    join(dir, 'secret.conf'),
    '--format=sarif',
    '--output',
    join(dir, 'entry.sarif'),
  ]);
  const errors = entry.stderr.split('\n').filter((l) => l && !l.startsWith('ngxlint: linting '));

  assert.equal(entry.status, 2);
  assert.equal(errors.length, 1, entry.stderr);
  assert.match(
    errors[0],
    /^ngxlint: .*secret\.conf: open\(\) ".*" failed \(13: Permission denied\)$/,
  );
  assert.equal(existsSync(join(dir, 'entry.sarif')), false);
});

test('an include cycle through a glob is an error at the include that closes it', (t) => {
  const dir = tree(t, {
    'nginx.conf': `events {}\nhttp {\n    include conf.d/*.conf;\n    ${SERVER}\n}\n`,
    'conf.d/a.conf': 'server_tokens off;\n',
    'conf.d/b.conf': '# back to the start\ninclude conf.d/*.conf;\n',
  });
  const result = lintBoth(dir);
  const line = result.run.stdout.split('\n').find((l) => l.includes(' NGX003/'));

  assert.equal(result.run.status, 1);
  assert.match(line ?? '', /^ {2}2:9 .*include cycle: "conf\.d\/\*\.conf" leads back to/);
  assert.match(result.run.stdout, /conf\.d\/b\.conf\n {2}2:9 /);
});

test('a glob matching 10,000 files is read in full, quickly', (t) => {
  const files: Record<string, string> = {
    'nginx.conf': `events {}\nhttp {\n    include conf.d/*.conf;\n    ${SERVER}\n}\n`,
  };

  for (let i = 0; i < 10_000; i++)
    files[`conf.d/m${i}.conf`] = `map $uri $v${i} { default ${i}; }\n`;
  files['conf.d/m9999.conf'] = 'map $uri $v9999 { default 9999; }\nbogus_directive on;\n';

  const dir = tree(t, files);
  const start = Date.now();

  assertFinding(lintBoth(dir), {
    ruleId: 'NGX010',
    line: 2,
    column: 1,
    message: /unknown directive "bogus_directive"/,
    exit: 1,
  });
  assert.ok(Date.now() - start < 20_000, `took ${Date.now() - start} ms`);
});

test('usage problems: one line on stderr, exit 2, no output file', (t) => {
  const dir = tree(t, {
    'nginx.conf': `events {}\nhttp { ${SERVER} }\n`,
    'bad.json': '{ "app": { "port": "eighty" } }',
    'empty/README': 'nothing to lint here\n',
  });

  assertUsage(['lint', join(dir, 'missing')], dir, /^ngxlint: .*missing/);
  assertUsage(['lint', dir, '--bogus-flag'], dir, /^ngxlint: unknown flag --bogus-flag/);
  assertUsage(['lint', dir, '--config', join(dir, 'bad.json')], dir, /^ngxlint: .*port/);
  assertUsage(['lint', join(dir, 'empty')], dir, /^ngxlint: /);
  assertUsage(['lint', dir, '--fail-on', 'sometimes'], dir, /^ngxlint: --fail-on "sometimes"/);
});

test('an output file that cannot be written leaves nothing behind and exits 2', (t) => {
  const dir = tree(t, { 'nginx.conf': `events {}\nhttp { ${SERVER} }\n` });
  const run = runCli(['lint', dir, `--format=sarif:${join(dir, 'no-such-dir', 'out.sarif')}`], {
    cwd: dir,
  });

  assert.equal(run.status, 2, run.stderr);
  noStackTrace(run.stderr);
  assert.equal(
    run.stderr.split('\n').filter((l) => l && !l.startsWith('ngxlint: linting ')).length,
    1,
  );
  assert.equal(existsSync(join(dir, 'no-such-dir')), false);
});
