// The launcher model checked against the real programs: Debian's uvicorn and gunicorn run, in a
// throw-away network namespace, the command line and environment ngxlint extracted, and the
// address each really binds must be the one ngxlint predicted. No systemd runs here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDeployment } from '../../src/deploy/index.js';
import type { Launcher } from '../../src/deploy/types.js';
import { writeTree, type Tree } from '../engine/lint-tree.js';
import { tempDir } from '../helpers.js';

const PROGRAMS: Record<string, string> = {
  uvicorn: '/usr/bin/uvicorn',
  gunicorn: '/usr/bin/gunicorn',
  python: '/usr/bin/python3',
};
const ASGI_APP = 'async def app(scope, receive, send):\n    pass\n';
const WSGI_APP =
  'def app(environ, start_response):\n    start_response("200 OK", [])\n    return [b""]\n';

// Runs inside the namespace: starts the server, waits (bounded) for its listening sockets,
// tries 127.0.0.1, prints JSON, and always kills the server's process group.
const HARNESS = String.raw`
import json, os, signal, socket, subprocess, sys, time
spec = json.load(open(sys.argv[1]))
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
v6 = os.path.exists("/proc/net/if_inet6") and open("/proc/net/if_inet6").read().strip() != ""
def listening():
    out = []
    for name, family in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 6)):
        try:
            lines = open(name).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] != "0A":
                continue
            address, port = fields[1].split(":")
            raw = bytes.fromhex(address)
            if family == 4:
                host = socket.inet_ntop(socket.AF_INET, raw[::-1])
            else:
                host = socket.inet_ntop(socket.AF_INET6, b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4)))
            out.append({"family": family, "host": host, "port": int(port, 16)})
    return out
log = open(os.path.join(spec["cwd"], "server.log"), "w")
proc = subprocess.Popen(spec["argv"], cwd=spec["cwd"], env=spec["env"], stdout=log, stderr=log, start_new_session=True)
try:
    found = []
    deadline = time.time() + 15
    while time.time() < deadline and not found and proc.poll() is None:
        time.sleep(0.2)
        found = listening()
    time.sleep(0.5)
    found = listening()
    refused = None
    if found:
        try:
            socket.create_connection(("127.0.0.1", found[0]["port"]), timeout=2).close()
            refused = False
        except OSError:
            refused = True
    print(json.dumps({"ipv6": v6, "listening": found, "loopback_refused": refused, "exit": proc.poll()}))
finally:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=5)
`;

interface Observed {
  ipv6: boolean;
  listening: Array<{ family: 4 | 6; host: string; port: number }>;
  loopback_refused: boolean | null;
  exit: number | null;
}

function missingTools(): string[] {
  return ['/usr/bin/uvicorn', '/usr/bin/gunicorn', '/usr/bin/unshare', '/usr/sbin/ip'].filter(
    (p) => !existsSync(p),
  );
}

function canUnshare(): boolean {
  return spawnSync('unshare', ['-n', '-m', 'true'], { timeout: 10000 }).status === 0;
}

/** Reads a deployment tree and returns its one launcher. */
async function launcherOf(tree: Tree, root: string): Promise<Launcher> {
  writeTree(root, tree);

  const files = Object.keys(tree).map((p) => join(root, p));
  const deployment = await readDeployment({ root, files });

  assert.equal(deployment.launchers.length, 1, 'one launcher expected');

  return deployment.launchers[0];
}

/** Runs the launcher's command line and environment in a fresh network namespace. */
function runForReal(launcher: Launcher, appDir: string): Observed {
  const argv = launcher.argv.map((w) => w.value);

  assert.ok(
    launcher.argv.every((w) => w.known),
    'every word of the command line is known',
  );
  argv[0] = PROGRAMS[launcher.server];

  const env: Record<string, string> = {
    PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    PYTHONDONTWRITEBYTECODE: '1',
  };

  for (const variable of launcher.env)
    if (variable.value !== undefined) env[variable.name] = variable.value;

  const specPath = join(appDir, 'spec.json');
  const harness = join(appDir, 'harness.py');

  writeFileSync(specPath, JSON.stringify({ argv, env, cwd: appDir }));
  writeFileSync(harness, HARNESS);

  const result = spawnSync(
    'unshare',
    ['--net', '--mount', '--fork', '--kill-child', 'python3', harness, specPath],
    {
      encoding: 'utf8',
      timeout: 40000,
      killSignal: 'SIGKILL',
    },
  );

  assert.equal(result.status, 0, `harness failed: ${result.stderr}`);

  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Observed;
}

function predicted(launcher: Launcher): { host: string; port: number; families: string[] } {
  const bind = launcher.binds[0];

  assert.ok(bind?.host && bind.port, 'ngxlint predicts a host and a port');

  return { host: bind.host.value, port: bind.port.value, families: bind.families ?? [] };
}

function skipWhenUnable(t: { skip: (message: string) => void }): boolean {
  const missing = missingTools();

  if (missing.length > 0 || !canUnshare()) {
    const why =
      missing.length > 0 ? `missing ${missing.join(', ')}` : 'cannot create a network namespace';

    if (process.env.CI) assert.fail(`real-server test cannot run in CI: ${why}`);

    t.skip(`SKIPPED, not checked: ${why}`);

    return true;
  }

  return false;
}

const CASES: Array<{ name: string; tree: Tree; app: string; files?: Record<string, string> }> = [
  {
    name: "EnvironmentFile= puts UVICORN_PORT in uvicorn's environment: it binds the file's port",
    tree: {
      'systemd/app.service':
        '[Service]\nWorkingDirectory=/srv/app\nEnvironmentFile=/srv/app/.env\nExecStart=/srv/app/venv/bin/uvicorn main:app\n',
      'app/.env': 'UVICORN_PORT=8001\n',
    },
    app: ASGI_APP,
  },
  {
    name: 'uvicorn --env-file loads the file after its options: the port stays 8000',
    tree: {
      'start.sh': '#!/bin/sh\ncd /srv/app\nexec uvicorn main:app --env-file .env\n',
      'app/.env': 'UVICORN_PORT=8001\n',
    },
    app: ASGI_APP,
    files: { '.env': 'UVICORN_PORT=8001\n' },
  },
  {
    name: 'gunicorn with PORT set binds 0.0.0.0:$PORT',
    tree: { 'start.sh': '#!/bin/sh\ncd /srv/app\nexport PORT=8002\nexec gunicorn main:app\n' },
    app: WSGI_APP,
  },
];

for (const testCase of CASES) {
  test(`real server: ${testCase.name}`, async (t) => {
    if (skipWhenUnable(t)) return;

    const dir = tempDir();

    try {
      const launcher = await launcherOf(testCase.tree, join(dir.path, 'tree'));
      const appDir = join(dir.path, 'run');

      mkdirSync(appDir);
      writeFileSync(join(appDir, 'main.py'), testCase.app);

      for (const [name, text] of Object.entries(testCase.files ?? {}))
        writeFileSync(join(appDir, name), text);

      const want = predicted(launcher);
      const seen = runForReal(launcher, appDir);

      assert.deepEqual(
        seen.listening.map((l) => `${l.host}:${l.port}`),
        [`${want.host}:${want.port}`],
        `ngxlint predicted ${want.host}:${want.port}`,
      );
    } finally {
      dir.cleanup();
    }
  });
}

test('real server: uvicorn --host :: binds IPv6 only, so 127.0.0.1 is refused as predicted', async (t) => {
  if (skipWhenUnable(t)) return;

  const dir = tempDir();

  try {
    const launcher = await launcherOf(
      { 'start.sh': '#!/bin/sh\nexec uvicorn main:app --host :: --port 8000\n' },
      join(dir.path, 'tree'),
    );
    const appDir = join(dir.path, 'run');

    mkdirSync(appDir);
    writeFileSync(join(appDir, 'main.py'), ASGI_APP);

    const want = predicted(launcher);

    assert.deepEqual(want, { host: '::', port: 8000, families: ['ipv6'] });

    const seen = runForReal(launcher, appDir);

    if (!seen.ipv6) {
      t.skip('SKIPPED, not checked: the network namespace has no IPv6');

      return;
    }

    assert.deepEqual(
      seen.listening.map((l) => `${l.family}:${l.host}:${l.port}`),
      ['6::::8000'],
    );
    assert.equal(seen.loopback_refused, true, 'a connection to 127.0.0.1:8000 must be refused');
  } finally {
    dir.cleanup();
  }
});
