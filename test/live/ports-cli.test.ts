import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, FIXTURES, runCli, tempDir, runCliAsNobody } from '../helpers.js';
import { hasIpv6, listen, PYTHON, start, stopAll, type Listener } from './listeners.js';

interface JsonFinding {
  ruleId: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

const dir = tempDir('ngxlint-ports-');
const FAKE_SERVER = `fakeapp${process.pid}`;

before(() => {
  chmodSync(dir.path, 0o755);
  writeFileSync(
    join(dir.path, FAKE_SERVER),
    [
      '#!/usr/bin/python3',
      'import socket, sys, time',
      's = socket.socket()',
      "s.bind(('127.0.0.1', int(sys.argv[sys.argv.index('--port') + 1])))",
      's.listen()',
      'print(s.getsockname()[1], flush=True)',
      'time.sleep(600)',
    ].join('\n'),
    { mode: 0o755 },
  );
});

after(async () => {
  await stopAll();
  dir.cleanup();
});

function config(name: string, body: object): string {
  const file = join(dir.path, name);

  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o644 });

  return file;
}

interface JsonHolding {
  port: number;
  roles: string[];
  sockets: string[];
  holders: Array<{ pid: number; command: string }>;
  unnamed: number;
}

function holdings(stdout: string): JsonHolding[] {
  return (JSON.parse(stdout) as { ports: JsonHolding[] }).ports;
}

function findings(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
}

/** A port nothing listens on: ask the kernel for one, then close it. */
async function freePort(): Promise<number> {
  const probe = await listen({ marker: 'ngxlint-probe' });

  await probe.stop();

  return probe.port;
}

test('names the foreign holder of an nginx port and both app-port holders, pid and command', async () => {
  const foreign = await listen({ marker: 'ngxlint-foreign' });
  const app = await listen({ marker: 'ngxlint-app' });
  const alternate = await listen({ marker: 'ngxlint-alternate', host: '0.0.0.0' });
  const file = config('both.json', {
    app: { port: app.port, alternatePort: alternate.port },
    nginx: { ports: [foreign.port] },
  });
  const result = runCli(['ports', '--config', file, '--format', 'json'], { cwd: dir.path });
  const found = findings(result.stdout);
  const describe = (l: Listener) => `pid ${l.pid} "${l.argv.join(' ')}"`;

  assert.equal(result.status, 1, result.stderr);
  // Two unrelated processes on the app ports are also two app trees.
  found.sort((a, b) => a.ruleId.localeCompare(b.ruleId));
  assert.deepEqual(
    found.map((f) => f.ruleId),
    ['NGX330', 'NGX331', 'NGX332'],
  );
  assert.ok(
    found[0].message.startsWith(`port "${foreign.port}" is held by ${describe(foreign)}`),
    found[0].message,
  );
  assert.ok(found[0].message.endsWith(`stop it with "kill ${foreign.pid}"`));
  assert.equal([found[0].file, found[0].line, found[0].column].join(':'), 'both.json:7:5');
  assert.ok(found[1].message.includes(`${app.port} by ${describe(app)}`), found[1].message);
  assert.ok(found[1].message.includes(`${alternate.port} by ${describe(alternate)}`));
  assert.ok(found[1].message.endsWith(`stop the other with "kill ${alternate.pid}"`));
  assert.deepEqual(
    holdings(result.stdout).map((p) => [p.port, p.roles[0], p.holders.map((h) => h.pid)]),
    [
      [foreign.port, 'nginx', [foreign.pid]],
      [app.port, 'app', [app.pid]],
      [alternate.port, 'app alternate', [alternate.pid]],
    ],
  );
  assert.match(
    result.stderr,
    new RegExp(`port ${foreign.port} \\(nginx\\): held by pid ${foreign.pid} `),
  );
  await Promise.all([foreign.stop(), app.stop(), alternate.stop()]);
});

test('two independent app trees are both named, with their parent', async (t) => {
  if (!PYTHON) {
    if (process.env.CI) assert.fail('python3 is missing in CI');
    t.skip('SKIPPED: no /usr/bin/python3');

    return;
  }

  const script = join(dir.path, FAKE_SERVER);
  const first = await start([PYTHON, script, 'app:app', '--port', '0']);
  const second = await start([PYTHON, script, 'app:app', '--port', '0']);
  const file = config('dup.json', {
    app: { port: first.port, alternatePort: second.port },
    nginx: { ports: [await freePort()] },
    rules: {
      'app-duplicate-process': ['error', { servers: [FAKE_SERVER] }],
      'app-ports-both-held': 'off',
    },
  });
  const result = runCli(['ports', '--config', file, '--format', 'json'], { cwd: dir.path });
  const found = findings(result.stdout);

  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(
    found.map((f) => f.ruleId),
    ['NGX332'],
  );

  for (const child of [first, second]) {
    assert.ok(
      found[0].message.includes(
        `pid ${child.pid} "${child.argv.join(' ')}" (user root, parent ${process.pid} node) on ${child.port}`,
      ),
      found[0].message,
    );
  }

  assert.match(
    found[0].message,
    new RegExp(`^2 independent app process trees run: .*\\("kill ${second.pid}"\\)$`),
  );
  await Promise.all([first.stop(), second.stop()]);
});

test('an IPv6 loopback holder is named too', async (t) => {
  if (!hasIpv6()) {
    if (process.env.CI) assert.fail('CI machine has no IPv6 loopback');
    t.skip('SKIPPED: no IPv6 on this machine');

    return;
  }

  const foreign = await listen({ marker: 'ngxlint-v6-foreign', host: '::1' });
  const file = config('v6.json', {
    nginx: { ports: [foreign.port] },
    app: { port: await freePort(), alternatePort: await freePort() },
  });
  const result = runCli(['ports', '--config', file, '--format', 'json'], { cwd: dir.path });

  assert.equal(result.status, 1, result.stderr);
  assert.match(
    findings(result.stdout)[0].message,
    new RegExp(`^port "${foreign.port}" is held by pid ${foreign.pid} ".*ngxlint-v6-foreign`),
  );
  await foreign.stop();
});

test('with --nginx-conf: a down proxy target and a listen held by another process, at their lines', async () => {
  const other = await listen({ marker: 'ngxlint-admin', host: '127.0.0.1' });
  const down = await freePort();
  const conf = join(dir.path, 'nginx.conf');

  writeFileSync(
    conf,
    `events {}\nhttp {\n  server {\n    listen 127.0.0.1:${other.port};\n    location / {\n      proxy_pass http://127.0.0.1:${down};\n    }\n  }\n}\n`,
  );

  const file = config('conf.json', {
    nginx: { ports: [await freePort()] },
    app: { port: await freePort(), alternatePort: await freePort() },
  });
  // NGX332 looks at every app-like process of the machine, and other test files start some
  // at the same time: it is off here.
  const only = ['--rule', 'NGX332=off'];
  const result = runCli(
    ['ports', '--config', file, '--nginx-conf', conf, '--format', 'json', ...only],
    { cwd: dir.path },
  );
  const found = findings(result.stdout);

  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(
    found.map((f) => [f.ruleId, f.file, f.line, f.column]),
    [
      ['NGX334', 'nginx.conf', 4, 5],
      ['NGX333', 'nginx.conf', 6, 7],
    ].sort((a, b) => Number(a[2]) - Number(b[2])),
  );
  assert.match(
    found[0].message,
    new RegExp(`holds tcp 127\\.0\\.0\\.1:${other.port}; stop it with "kill ${other.pid}"$`),
  );
  assert.equal(
    found[1].message,
    `nothing listens on "127.0.0.1:${down}", the target of this proxy_pass: every request through it gets 502`,
  );

  const sarif = runCli(
    ['ports', '--config', file, '--nginx-conf', conf, '--format', 'sarif', ...only],
    { cwd: dir.path },
  );
  const results = JSON.parse(sarif.stdout).runs[0].results as Array<{
    ruleId: string;
    locations: Array<{
      physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
    }>;
  }>;

  assert.deepEqual(
    results.map((r) => [
      r.ruleId,
      r.locations[0].physicalLocation.artifactLocation.uri.endsWith('nginx.conf'),
      r.locations[0].physicalLocation.region.startLine,
    ]),
    [
      ['NGX334', true, 4],
      ['NGX333', true, 6],
    ],
  );
  await other.stop();
});

test('unprivileged for real: under setpriv as nobody, a root-owned holder is unnamed and listed', async (t) => {
  if (process.getuid?.() !== 0) {
    if (process.env.CI) assert.fail('CI runs as root; this test needs root to drop to nobody');
    t.skip('SKIPPED: not root, cannot run setpriv --reuid=65534');

    return;
  }

  const rootOwned = await listen({ marker: 'ngxlint-root-owned' });
  const file = config('unpriv.json', {
    nginx: { ports: [rootOwned.port] },
    app: { port: await freePort(), alternatePort: await freePort() },
  });
  const asNobody = runCliAsNobody(['ports', '--config', file, '--format', 'json'], {
    cwd: dir.path,
    timeout: 30_000,
  });

  assert.equal(asNobody.status, 0, asNobody.stderr);
  assert.deepEqual(findings(asNobody.stdout), []);
  assert.match(asNobody.stderr, /read \/proc as uid 65534:/);
  assert.deepEqual(holdings(asNobody.stdout)[0], {
    port: rootOwned.port,
    roles: ['nginx'],
    sockets: [`tcp 127.0.0.1:${rootOwned.port}`],
    holders: [],
    unnamed: 1,
  });
  assert.match(
    asNobody.stderr,
    new RegExp(
      `could not name the holders of tcp 127\\.0\\.0\\.1:${rootOwned.port} \\(socket owner uid 0\\) \\(not running as root: the open files of \\d+ process\\(es\\) of other users cannot be read\\)`,
    ),
  );

  // The same run as root names it.
  const asRoot = runCli(['ports', '--config', file, '--format', 'json'], { cwd: dir.path });

  assert.equal(asRoot.status, 1);
  assert.match(findings(asRoot.stdout)[0].message, new RegExp(`held by pid ${rootOwned.pid} `));
  await rootOwned.stop();
});

test('--wait-free returns 0 once a listener closes after a delay', async () => {
  const closing = await listen({ marker: 'ngxlint-closing', closeAfterMs: 800 });
  const started = Date.now();
  const result = await runCliAsync([
    'ports',
    '--wait-free',
    String(closing.port),
    '--timeout',
    '8s',
  ]);
  const waited = Date.now() - started;

  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, new RegExp(`port ${closing.port} is free \\(after \\d+\\.\\d s\\)`));
  assert.ok(waited >= 300 && waited < 8000, `waited ${waited} ms`);
  await closing.stop();
});

test('--wait-free gives up at the timeout and names the holder and how to stop it', async () => {
  const stuck = await listen({ marker: 'ngxlint-stuck' });
  const started = Date.now();
  const result = await runCliAsync([
    'ports',
    '--wait-free',
    String(stuck.port),
    '--timeout',
    '600ms',
  ]);
  const waited = Date.now() - started;

  assert.equal(result.status, 1);
  assert.ok(waited >= 600 && waited < 5000, `waited ${waited} ms`);
  assert.match(
    result.stdout,
    new RegExp(
      `^port ${stuck.port} is still held after 0\\.[6-9] s by pid ${stuck.pid} ".*ngxlint-stuck.*; "kill ${stuck.pid}" would stop it\\n$`,
    ),
  );
  await stuck.stop();
});

test('--expect-free checks once', async () => {
  const held = await listen({ marker: 'ngxlint-expect' });
  const busy = runCli(['ports', '--expect-free', String(held.port)]);

  assert.equal(busy.status, 1);
  assert.match(busy.stdout, new RegExp(`^port ${held.port} is held by pid ${held.pid} `));
  await held.stop();

  const free = runCli(['ports', '--expect-free', String(held.port)]);

  assert.equal(free.status, 0);
  assert.equal(free.stdout, '');
});

test('bad flags: one line on stderr, exit 2', () => {
  for (const [args, pattern] of [
    [
      ['ports', '--wait-free', '70000'],
      /^ngxlint: --wait-free "70000" is not a port, expected a number from 1 to 65535\n$/,
    ],
    [
      ['ports', '--wait-free', 'abc'],
      /^ngxlint: --wait-free "abc" is not a port, expected a number from 1 to 65535\n$/,
    ],
    [['ports', '--expect-free='], /^ngxlint: --expect-free needs a value\n$/],
    [
      ['ports', '--app-port', 'abc'],
      /^ngxlint: --app-port "abc" is not a port, expected a number from 1 to 65535\n$/,
    ],
    [
      ['ports', '--app-port', '0'],
      /^ngxlint: --app-port "0" is not a port, expected a number from 1 to 65535\n$/,
    ],
    [
      ['ports', '--app-port', '8000.5'],
      /^ngxlint: --app-port "8000\.5" is not a port, expected a number from 1 to 65535\n$/,
    ],
    [
      ['ports', '--uvicorn-port', '70000'],
      /^ngxlint: --uvicorn-port "70000" is not a port, expected a number from 1 to 65535\n$/,
    ],
    [
      ['ports', '--app-port', '8000', '--uvicorn-port', '8001'],
      /^ngxlint: --app-port 8000 and --uvicorn-port 8001 disagree\n$/,
    ],
    [
      ['ports', '-f', 'nope'],
      /^ngxlint: --format "nope" is not a format, expected one of text, json, sarif\n$/,
    ],
    [
      ['ports', '-f', 'constructor'],
      /^ngxlint: --format "constructor" is not a format, expected one of text, json, sarif\n$/,
    ],
    [
      ['ports', '--fail-on', 'never'],
      /^ngxlint: --fail-on "never" is not accepted, expected one of error, warning, info, none\n$/,
    ],
    [
      ['ports', '--wait-free', '8', '--timeout', 'soon'],
      /^ngxlint: --timeout "soon" is not a duration, expected e\.g\. 10s, 500ms or 2m\n$/,
    ],
    [
      ['ports', '--from-ss', join(FIXTURES, 'live', 'missing.txt')],
      /^ngxlint: --from-ss: cannot read .*missing\.txt \(ENOENT\)\n$/,
    ],
    [
      ['ports', '--from-ss', join(FIXTURES, 'live', 'netstat-not-ss.txt')],
      /^ngxlint: .*netstat-not-ss\.txt:1:1: not a line of ss output: "tcp   0   0 0\.0\.0\.0:80/,
    ],
  ] as const) {
    const result = runCli([...args], { cwd: dir.path });

    assert.equal(result.status, 2, args.join(' '));
    assert.equal(result.stdout, '');
    assert.match(result.stderr, pattern);
  }
});

test('--from-ss: no kill for pid 1; a pid 0 or past pid_max is a malformed line, exit 2', () => {
  const header = 'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process';
  const systemd = 'LISTEN 0 4096 0.0.0.0:80 0.0.0.0:* users:(("systemd",pid=1,fd=50))';
  const app = (port: number, pid: string) =>
    `LISTEN 0 2048 127.0.0.1:${port} 0.0.0.0:* users:(("uvicorn",pid=${pid},fd=3))`;
  const ss = join(dir.path, 'pid-1.txt');
  const file = config('pid-1.json', {});

  writeFileSync(ss, [header, systemd, app(8000, '200'), app(8001, '300')].join('\n'));

  const run = runCli(['ports', '--config', file, '--from-ss', ss, '--format', 'json'], {
    cwd: dir.path,
  });
  const messages = findings(run.stdout).map((f) => f.message);

  assert.equal(run.status, 1, run.stderr);
  assert.match(
    messages[0],
    /; systemd holds the port for a \.socket unit \(socket activation\): stop that unit with "systemctl stop NAME\.socket"; ss does not give its name, "systemctl list-sockets" does$/,
  );
  assert.match(messages[1], /; stop the other with "kill 300"$/);
  assert.doesNotMatch(run.stdout, /kill 1\b/);

  for (const pid of ['0', '99999999999999999999']) {
    writeFileSync(ss, [header, systemd, app(8000, '200'), app(8001, pid)].join('\n'));

    const bad = runCli(['ports', '--config', file, '--from-ss', ss], { cwd: dir.path });

    assert.equal(bad.status, 2, pid);
    assert.equal(bad.stdout, '');
    assert.equal(
      bad.stderr,
      `ngxlint: ${ss}:4:62: pid "${pid}" is not a process id, expected a whole number from 1 to 4194304\n`,
    );
  }
});

test('--from-ss: a finding about a socket is at its line of the ss file, in every format', () => {
  const work = tempDir('ngxlint-ports-lines-');
  const ss = join(work.path, 'ss.txt');
  const conf = join(work.path, 'nginx.conf');

  writeFileSync(
    ss,
    [
      'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
      'LISTEN 0 4096 0.0.0.0:80 0.0.0.0:* users:(("apache2",pid=40,fd=4))',
      'LISTEN 0 2048 127.0.0.1:8000 0.0.0.0:* users:(("uvicorn",pid=200,fd=3))',
      '  LISTEN 0 2048 127.0.0.1:8001 0.0.0.0:* users:(("uvicorn",pid=300,fd=3))',
      'LISTEN 0 511 127.0.0.1:8080 0.0.0.0:* users:(("node",pid=500,fd=3))',
    ].join('\n'),
  );
  writeFileSync(conf, 'events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n  }\n}\n');

  try {
    const run = (...args: string[]) =>
      runCli(['ports', '--from-ss', 'ss.txt', ...args], { cwd: work.path });
    const json = findings(run('--format', 'json').stdout);

    assert.deepEqual(
      json.map((f) => [f.ruleId, f.file, f.line, f.column]),
      [
        ['NGX330', 'ss.txt', 2, 1],
        ['NGX331', 'ss.txt', 4, 3],
      ],
    );

    const sarif = JSON.parse(run('--format', 'sarif').stdout).runs[0].results as Array<{
      locations: Array<{
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
      }>;
    }>;

    assert.deepEqual(
      sarif.map((r) => {
        const { artifactLocation, region } = r.locations[0].physicalLocation;

        return `${artifactLocation.uri}:${region.startLine}`;
      }),
      ['ss.txt:2', 'ss.txt:4'],
    );

    const text = run().stdout;

    assert.match(
      text,
      /\nss\.txt\n  2:1 .* NGX330\/port-80-foreign\n +2 \| LISTEN 0 4096 0\.0\.0\.0:80 /,
    );
    assert.match(text, /\n  4:3 .* NGX331\/app-ports-both-held\n/);
    assert.match(text, /\n +ss\.txt:3:1: tcp 127\.0\.0\.1:8000 is listed here\n/);

    // A finding about the nginx config keeps its place; its socket's line is related.
    const withConf = JSON.parse(run('--nginx-conf', 'nginx.conf', '--format', 'json').stdout) as {
      findings: Array<JsonFinding & { related: Array<{ file: string; line: number }> }>;
    };
    const held = withConf.findings.find((f) => f.ruleId === 'NGX334')!;

    assert.deepEqual(
      [held.file, held.line, held.related.map((r) => `${r.file}:${r.line}`)],
      ['nginx.conf', 4, ['ss.txt:5']],
    );
  } finally {
    work.cleanup();
  }
});

test('--fail-on none exits 0 with findings; --output writes the report whole or names the bad path', () => {
  const file = config('fail-on.json', {});
  const ss = join(FIXTURES, 'live', 'ss-6.1-tulnp.txt');
  const base = ['ports', '--config', file, '--from-ss', ss, '--format', 'json'];
  const none = runCli([...base, '--fail-on', 'none'], { cwd: dir.path });

  assert.equal(none.status, 0, none.stderr);
  assert.equal(findings(none.stdout).length, 1);

  const written = runCli([...base, '--output', 'report.json'], { cwd: dir.path });
  const report = readFileSync(join(dir.path, 'report.json'), 'utf8');

  assert.equal(written.status, 1, written.stderr);
  assert.equal(written.stdout, '');
  assert.deepEqual(
    findings(report).map((f) => f.ruleId),
    ['NGX330'],
  );
  assert.deepEqual(
    readdirSync(dir.path).filter((n) => n.endsWith('.tmp')),
    [],
  );

  for (const [target, reason] of [
    [dir.path, 'it is a folder, EISDIR'],
    [join(dir.path, 'no', 'such', 'r.json'), 'its folder does not exist, ENOENT'],
  ]) {
    const bad = runCli([...base, '--output', target], { cwd: dir.path });
    const last = bad.stderr.trimEnd().split('\n').at(-1);

    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.equal(last, `ngxlint: --output ${target}: cannot write it (${reason})`);
    assert.doesNotMatch(bad.stderr, /internal error/);
  }

  assert.deepEqual(
    readdirSync(dir.path).filter((n) => n.endsWith('.tmp')),
    [],
  );
});

test('--from-ss: findings from saved output, and the checks it could not run', () => {
  const file = config('default.json', {});
  const full = runCli(
    [
      'ports',
      '--config',
      file,
      '--from-ss',
      join(FIXTURES, 'live', 'ss-6.1-tulnp.txt'),
      '--format',
      'json',
    ],
    { cwd: dir.path },
  );

  assert.equal(full.status, 1);
  assert.deepEqual(
    findings(full.stdout).map((f) => f.message),
    [
      'port "80" is held by pid 3001 "apache2", not nginx, so nginx cannot bind it; stop it with "kill 3001"',
    ],
  );
  assert.match(
    full.stderr,
    /app-duplicate-process did not run: ss output gives no parent processes/,
  );
  assert.deepEqual(
    holdings(full.stdout)
      .find((p) => p.port === 8000)
      ?.holders.map((h) => [h.pid, h.command]),
    [
      [3499, 'gunicorn'],
      [3500, 'gunicorn'],
    ],
  );

  const bare = runCli(
    [
      'ports',
      '--config',
      file,
      '--from-ss',
      join(FIXTURES, 'live', 'ss-6.1-tln.txt'),
      '--format',
      'json',
    ],
    { cwd: dir.path },
  );

  assert.equal(bare.status, 1);
  assert.deepEqual(
    findings(bare.stdout).map((f) => f.ruleId),
    ['NGX331'],
  );
  assert.match(bare.stderr, /port-80-foreign did not run: the ss output has no users:\(…\) column/);

  // Text: the holders are the answer, so they go to stdout (ngxlint ports > file keeps them).
  const old = runCli(
    ['ports', '--config', file, '--from-ss', join(FIXTURES, 'live', 'ss-4.9-tlnp.txt')],
    { cwd: dir.path },
  );

  assert.equal(old.status, 1);
  assert.match(
    old.stdout,
    /^port 80 \(nginx\): held by pid 811 "nginx"; pid 812 "nginx"\nport 443 \(nginx\): /,
  );
  // The finding is about the socket on the alternate port: it is at that line of the ss file.
  assert.match(old.stdout, /\n\n\S*ss-4\.9-tlnp\.txt\n  5:1 .* NGX331\/app-ports-both-held\n/);
  assert.doesNotMatch(old.stderr, /\(nginx\): held by/);
  assert.match(old.stderr, /^ngxlint: read saved ss output /);
});

test('without a config file: text lists the holder on stdout, JSON and text name no file, SARIF keeps a location', (t) => {
  // Port 80 is only ever bound inside a network namespace this test creates.
  if (process.getuid?.() !== 0 || spawnSync('unshare', ['-n', '-m', 'true']).status !== 0) {
    if (process.env.CI)
      assert.fail('CI runs as root with unshare; this test needs a network namespace');
    t.skip('SKIPPED: cannot create a network namespace (not root or no unshare)');

    return;
  }

  const work = tempDir('ngxlint-ports-noconf-');
  const server =
    "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',80))\ns.listen()\ntime.sleep(30)";
  const script = [
    'set -e',
    'ip link set lo up',
    `python3 -c "${server}" ngxlint-port80-holder & P=$!`,
    'for i in $(seq 100); do grep -q "0100007F:0050" /proc/net/tcp && break; sleep 0.05; done',
    'for f in text json sarif; do set +e; "$NODE" "$CLI" ports --format $f --output out.$f 2>err.$f; echo $? > rc.$f; set -e; done',
    '"$NODE" "$CLI" ports > listing.txt 2>/dev/null || true',
    'kill $P; wait $P 2>/dev/null || true',
  ].join('\n');

  try {
    const run = spawnSync('unshare', ['-n', '-m', 'sh', '-c', script], {
      cwd: work.path,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, NO_COLOR: '1', NODE: process.execPath, CLI, UVICORN_PORT: '' },
    });
    const read = (name: string) => readFileSync(join(work.path, name), 'utf8');

    assert.equal(run.status, 0, run.stderr);

    for (const f of ['text', 'json', 'sarif'])
      assert.equal(read(`rc.${f}`), '1\n', read(`err.${f}`));

    const holder = /^port 80 \(nginx\): held by pid (\d+) ".*python3 -c import socket.*\n/;

    assert.match(read('listing.txt'), holder);
    assert.match(read('out.text'), holder);
    assert.doesNotMatch(read('out.text'), /proc\/net\/tcp/);
    assert.doesNotMatch(read('err.text'), /\(nginx\): held by/);

    const json = JSON.parse(read('out.json'));
    const finding = json.findings[0];

    assert.equal(finding.ruleId, 'NGX330');
    assert.deepEqual(
      ['file', 'line', 'column'].filter((k) => k in finding),
      [],
    );
    assert.equal(json.ports[0].port, 80);
    assert.equal(json.ports[0].holders[0].pid, Number(holder.exec(read('listing.txt'))![1]));

    const sarif = JSON.parse(read('out.sarif'));
    const location = sarif.runs[0].results[0].locations[0].physicalLocation;

    assert.match(location.artifactLocation.uri, /proc\/net\/tcp$/);
    assert.equal(location.region.startLine, 1);
    assert.match(read('err.sarif'), /port 80 \(nginx\): held by pid/);
  } finally {
    work.cleanup();
  }
});

/** The CLI without blocking this process, so a listener's timer in a child is not in doubt. */
function runCliAsync(
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    import('node:child_process').then(({ execFile }) => {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };

      delete env.UVICORN_PORT;
      execFile(
        process.execPath,
        [CLI, ...args],
        { env, timeout: 20_000 },
        (error, stdout, stderr) => {
          resolve({
            status: error ? ((error as { code?: number }).code ?? null) : 0,
            stdout,
            stderr,
          });
        },
      );
    });
  });
}
