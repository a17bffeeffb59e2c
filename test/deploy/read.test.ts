import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDeployment } from '../../src/deploy/index.js';
import type { Deployment, Launcher } from '../../src/deploy/types.js';
import { fsError, type FileSystem } from '../../src/include/fs.js';
import type { Tree } from '../engine/lint-tree.js';
import { readTree } from './trees.js';

function where(launcher: Launcher, rel: (p: string) => string): string {
  return `${launcher.kind} ${rel(launcher.location.file)}:${launcher.location.line}:${launcher.location.column}`;
}

function address(launcher: Launcher): string {
  return launcher.binds
    .map((b) =>
      b.kind === 'unix' ? `unix:${b.path?.value}` : `${b.host?.value}:${b.port?.value ?? '?'}`,
    )
    .join(',');
}

const unit = (execStart: string, extra = '') =>
  `[Unit]\nDescription=app\n\n[Service]\nWorkingDirectory=/srv/app\n${extra}ExecStart=${execStart}\n`;

test('a systemd unit and a nohup script are two launchers, with positions and backgrounding', async () => {
  const { deployment, rel } = await readTree({
    'deploy/app.service': unit('/srv/app/venv/bin/uvicorn main:app --port 8000'),
    'deploy/start.sh': '#!/bin/sh\ncd /srv/app\n  nohup uvicorn main:app --port 8000 &\n',
  });

  assert.deepEqual(
    deployment.launchers.map((l) => where(l, rel)),
    ['systemd deploy/app.service:6:1', 'script deploy/start.sh:3:3'],
  );
  assert.deepEqual(
    deployment.launchers[1].background.map((b) => [b.how, b.location.line, b.location.column]),
    [
      ['&', 3, 38],
      ['nohup', 3, 3],
    ],
  );
  assert.equal(deployment.launchers[0].background.length, 0);
});

test('a unit whose ExecStart runs a script that execs uvicorn is one launcher with its chain', async () => {
  const { deployment, rel } = await readTree({
    'deploy/app.service': unit('/srv/app/start.sh', 'Environment=UVICORN_PORT=8001\n'),
    'app/start.sh': '#!/bin/bash\nset -e\nexec /srv/app/venv/bin/uvicorn main:app\n',
    'app/main.py': 'app = None\n',
  });

  assert.equal(deployment.launchers.length, 1);

  const [launcher] = deployment.launchers;

  assert.equal(where(launcher, rel), 'systemd deploy/app.service:7:1');
  assert.deepEqual(
    launcher.chain.map((s) => `${s.label}@${rel(s.location.file)}:${s.location.line}`),
    [
      'ExecStart= in app.service@deploy/app.service:7',
      'start.sh@deploy/app.service:7',
      'uvicorn@app/start.sh:3',
    ],
  );
  assert.equal(address(launcher), '127.0.0.1:8001');
  assert.equal(launcher.binds[0].port?.origin.location?.line, 6);
  assert.equal(rel(launcher.entryPoint ?? ''), 'app/main.py');
});

test('two scripts that both start the app are two launchers', async () => {
  const { deployment, rel } = await readTree({
    'start.sh': '#!/bin/sh\nuvicorn main:app &\n',
    'bin/run-app': '#!/usr/bin/env bash\n\ngunicorn -k uvicorn.workers.UvicornWorker main:app\n',
  });

  assert.deepEqual(
    deployment.launchers.map((l) => `${where(l, rel)} ${l.server} ${address(l)}`).sort(),
    [
      'script bin/run-app:3:1 gunicorn 127.0.0.1:8000',
      'script start.sh:2:1 uvicorn 127.0.0.1:8000',
    ],
  );
});

test("EnvironmentFile= moves uvicorn to the file's port; --env-file does not", async () => {
  const { deployment, rel } = await readTree({
    'systemd/app.service': unit(
      '/srv/app/venv/bin/uvicorn main:app',
      'EnvironmentFile=-/srv/app/.env\n',
    ),
    'app/.env': '# app settings\nUVICORN_PORT=8001\nSECRET_KEY=s3cr3t\n',
    'app/run.sh': '#!/bin/sh\ncd /srv/app\nuvicorn main:app --env-file .env\n',
  });
  const [systemd, script] = deployment.launchers;

  assert.equal(address(systemd), '127.0.0.1:8001');
  assert.equal(systemd.binds[0].port?.origin.label, 'UVICORN_PORT in app/.env:2');
  assert.equal(address(script), '127.0.0.1:8000');
  assert.equal(script.binds[0].port?.origin.label, 'uvicorn default port');

  const ignored = script.settings.find((s) => !s.effective);

  assert.equal(ignored?.label, 'UVICORN_PORT in app/.env:2');
  assert.match(ignored?.note ?? '', /--env-file only after/);
  assert.equal(rel(ignored!.location!.file), 'app/.env');
});

test('UVICORN_PORT=8001 python3 main.py: 8001 when main.py reads it, 8000 when it does not', async () => {
  const reads =
    'import os\nimport uvicorn\n\nif __name__ == "__main__":\n    uvicorn.run("main:app", port=int(os.environ.get("UVICORN_PORT", "8000")))\n';
  const ignores =
    'import uvicorn\nif __name__ == "__main__":\n    uvicorn.run("main:app", host="127.0.0.1")\n';

  for (const [main, expected, effective] of [
    [reads, '127.0.0.1:8001', true],
    [ignores, '127.0.0.1:8000', false],
  ] as const) {
    const { deployment } = await readTree({
      'run.sh': '#!/bin/sh\nUVICORN_PORT=8001 python3 main.py\n',
      'main.py': main,
    });
    const [launcher] = deployment.launchers;

    assert.equal(launcher.server, 'python');
    assert.equal(address(launcher), expected);

    const setting = [launcher.binds[0].port!.origin, ...launcher.settings].find((o) =>
      o.label.startsWith('UVICORN_PORT'),
    );

    assert.equal(setting?.effective, effective);
    assert.equal(setting?.location?.line, 2);
  }
});

test('export UVICORN_PORT on an earlier line reaches uvicorn; a plain assignment does not', async () => {
  const exported = await readTree({
    'a.sh': '#!/bin/sh\nexport UVICORN_PORT=8001\ncd /srv\nuvicorn main:app\n',
  });
  const plain = await readTree({ 'a.sh': '#!/bin/sh\nUVICORN_PORT=8001\nuvicorn main:app\n' });
  const later = await readTree({
    'a.sh': '#!/bin/sh\nUVICORN_PORT=8001\nexport UVICORN_PORT\nuvicorn main:app\n',
  });

  assert.equal(address(exported.deployment.launchers[0]), '127.0.0.1:8001');
  assert.equal(exported.deployment.launchers[0].binds[0].port?.origin.location?.line, 2);
  assert.equal(address(plain.deployment.launchers[0]), '127.0.0.1:8000');
  assert.equal(plain.deployment.launchers[0].settings[0]?.note, 'set but not exported');
  assert.equal(address(later.deployment.launchers[0]), '127.0.0.1:8001');
});

test('gunicorn: -b wins, PORT gives 0.0.0.0:$PORT, GUNICORN_CMD_ARGS and gunicorn.conf.py count', async () => {
  const cases: Array<[Tree, string]> = [
    [{ 's.sh': 'gunicorn -b 127.0.0.1:8001 main:app\n' }, '127.0.0.1:8001'],
    [{ 's.sh': 'export PORT=8001\ngunicorn main:app\n' }, '0.0.0.0:8001'],
    [
      {
        's.sh': 'export PORT=8001\ngunicorn --bind=[::1]:8002 --bind unix:/run/app.sock main:app\n',
      },
      '::1:8002,unix:/run/app.sock',
    ],
    [{ 's.sh': 'GUNICORN_CMD_ARGS="--bind 127.0.0.1:8003" gunicorn main:app\n' }, '127.0.0.1:8003'],
    [
      {
        's.sh': 'cd /srv/app\ngunicorn main:app\n',
        'app/gunicorn.conf.py':
          'import os\nbind = f"127.0.0.1:{os.environ.get(\'APP_PORT\', 8004)}"\n',
      },
      '127.0.0.1:8004',
    ],
  ];

  for (const [tree, expected] of cases) {
    const { deployment } = await readTree(tree);

    assert.equal(address(deployment.launchers[0]), expected, JSON.stringify(tree));
  }
});

test('uvicorn --uds binds a unix socket; --host :: binds IPv6 only unless workers own the socket', async () => {
  const uds = await readTree({ 's.sh': 'uvicorn main:app --uds /run/app.sock\n' });
  const v6 = await readTree({ 's.sh': 'uvicorn main:app --host :: --port 8000\n' });
  const v6workers = await readTree({ 's.sh': 'uvicorn main:app --host :: --workers 2\n' });

  assert.equal(address(uds.deployment.launchers[0]), 'unix:/run/app.sock');
  assert.deepEqual(v6.deployment.launchers[0].binds[0].families, ['ipv6']);
  assert.deepEqual(v6workers.deployment.launchers[0].binds[0].families, ['ipv6', 'ipv4']);
});

test('stops and waits keep their order; a pkill of another program is told apart', async () => {
  const { deployment } = await readTree({
    'restart.sh':
      '#!/bin/sh\nsleep 1\npkill -f "uvicorn main:app"\npkill nginx\nuvicorn main:app &\n',
  });

  assert.deepEqual(
    deployment.launchers[0].timeline.map((e) => `${e.kind}@${e.step.location.line}`),
    ['wait@2', 'stop@3', 'other-stop@4'],
  );
});

test('a script with a syntax error is a problem at its position, and the rest is still read', async () => {
  const { deployment, rel } = await readTree({
    'broken.sh': '#!/bin/sh\nif [ -f x ]; then\n  echo "unterminated\n',
    'good.sh': '#!/bin/sh\nuvicorn main:app\n',
  });
  const problem = deployment.problems.find((p) => p.kind === 'parse');

  assert.equal(rel(problem!.location.file), 'broken.sh');
  assert.equal(problem!.fileKind, 'shell');
  assert.equal(deployment.launchers.length, 1);
});

test('unit values: quoting, continuation and drop-ins as systemd reads them', async () => {
  const { deployment } = await readTree({
    'app.service':
      '[Service]\nEnvironment="A=one two" \\\n   B=3\nExecStart=/usr/bin/uvicorn "main:app" \\\n  --port 8001\nRuntimeDirectory=/run/app\n',
    'app.service.d/override.conf':
      '[Service]\nExecStart=\nExecStart=/usr/bin/uvicorn main:app --port 8002\n',
  });
  const [launcher] = deployment.launchers;

  assert.equal(deployment.launchers.length, 1);
  assert.equal(launcher.binds[0].port?.value, 8002);
  assert.equal(launcher.binds[0].port?.origin.location?.line, 3);
  assert.deepEqual(
    launcher.env.map((e) => [e.name, e.origin.location?.line, e.origin.location?.column]),
    [
      ['A', 2, 13],
      ['B', 3, 4],
    ],
  );
  assert.deepEqual(
    deployment.unitIssues.map((i) => [i.messageId, i.location.line]),
    [['absoluteDirectory', 6]],
  );
});

test('paths map by longest suffix, --map overrides, and a tie is reported', async () => {
  const suffix = await readTree({
    'a.service': unit('/srv/app/start.sh'),
    'deploy/app/start.sh': 'uvicorn main:app\n',
  });
  const tie = await readTree({
    'a.service': unit('/srv/app/start.sh'),
    'x/start.sh': 'uvicorn m:a\n',
    'y/start.sh': 'uvicorn m:a\n',
  });

  assert.equal(suffix.deployment.launchers.length, 1);
  assert.match(
    suffix.notes.join('\n'),
    /\/srv\/app\/start\.sh read from deploy\/app\/start\.sh \(longest matching path suffix/,
  );

  const problem = tie.deployment.problems.find((p) => p.kind === 'ambiguous');

  assert.match(
    problem?.message ?? '',
    /"\/srv\/app\/start\.sh" matches x\/start\.sh and y\/start\.sh equally/,
  );
  assert.equal(problem?.location.line, 6);
  assert.equal(tie.deployment.launchers.filter((l) => l.kind === 'systemd').length, 0);

  const mapped = await readTree(
    {
      'a.service': unit('/srv/app/start.sh'),
      'x/start.sh': 'uvicorn m:a --port 8005\n',
      'y/start.sh': 'uvicorn m:a\n',
    },
    [{ from: '/srv/app', to: 'x' }],
  );

  assert.equal(
    mapped.deployment.launchers.find((l) => l.kind === 'systemd')?.binds[0].port?.value,
    8005,
  );
  assert.match(mapped.notes.join('\n'), /--map \/srv\/app=x/);
});

test('an in-memory file system is read without touching the disk', async () => {
  const files: Record<string, string> = {
    '/mem/app.service': unit('/srv/app/venv/bin/uvicorn main:app --host 127.0.0.1 --port 8001'),
  };
  const fs: FileSystem = {
    readFile: (p) => {
      if (files[p] === undefined) throw fsError('ENOENT', 'open', p);

      return Buffer.from(files[p]);
    },
    stat: (p) => ({
      isFile: true,
      isDirectory: false,
      isSymbolicLink: false,
      isSpecial: false,
      size: files[p]?.length ?? 0,
    }),
    lstat: (p) => ({
      isFile: true,
      isDirectory: false,
      isSymbolicLink: false,
      isSpecial: false,
      size: files[p]?.length ?? 0,
    }),
    readdir: () => [],
    realpath: (p) => p,
  };
  const deployment: Deployment = await readDeployment({
    root: '/mem',
    files: Object.keys(files),
    fs,
  });

  assert.equal(address(deployment.launchers[0]), '127.0.0.1:8001');
});

test('cron @reboot, Procfile, supervisor and compose are launchers of their kinds', async () => {
  const { deployment, rel } = await readTree({
    'cron/app.cron':
      '# m h dom mon dow command\n@reboot cd /srv/app && uvicorn main:app --port 8000 >> /tmp/log 2>&1\n',
    Procfile: 'web: uvicorn main:app --host 0.0.0.0 --port $PORT\n',
    'supervisor/app.conf':
      '[program:app]\ncommand=/srv/venv/bin/gunicorn -b 127.0.0.1:8001 main:app\ndirectory=/srv/app\n',
    'docker-compose.yml':
      'services:\n  app:\n    command: ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]\n    ports:\n      - "127.0.0.1:8001:8000"\n',
  });

  assert.deepEqual(deployment.launchers.map((l) => `${where(l, rel)} ${address(l)}`).sort(), [
    'compose docker-compose.yml:3:14 127.0.0.1:8001',
    'cron cron/app.cron:2:1 127.0.0.1:8000',
    'procfile Procfile:1:1 0.0.0.0:?',
    'supervisor supervisor/app.conf:2:1 127.0.0.1:8001',
  ]);
});

test('restart.sh that calls start.sh is one launcher: the chain and the stop before the call', async () => {
  const { deployment, rel } = await readTree({
    'restart.sh': '#!/bin/sh\npkill -f "uvicorn main:app"\nsleep 1\n./start.sh\n',
    'start.sh': '#!/bin/sh\nnohup uvicorn main:app --port 8000 &\n',
  });

  assert.deepEqual(
    deployment.launchers.map((l) => where(l, rel)),
    ['script restart.sh:4:1'],
  );
  assert.deepEqual(
    deployment.launchers[0].chain.map(
      (s) => `${s.label}@${rel(s.location.file)}:${s.location.line}`,
    ),
    ['start.sh@restart.sh:4', 'uvicorn@start.sh:2'],
  );
  assert.deepEqual(
    deployment.launchers[0].timeline.map((e) => `${e.kind}@${e.step.location.line}`),
    ['stop@2', 'wait@3'],
  );
});

test('load_dotenv() in main.py: python-dotenv expands ${VAR} and does not override the environment', async () => {
  const main =
    'import os\nimport uvicorn\nfrom dotenv import load_dotenv\n\nload_dotenv()\n' +
    'if __name__ == "__main__":\n    uvicorn.run("main:app", host=os.getenv("HOST", "127.0.0.1"), port=int(os.getenv("PORT")))\n';
  const { deployment } = await readTree({
    'app/main.py': main,
    'app/.env': 'BASE=80\nPORT=${BASE}01\nHOST=0.0.0.0\n',
    'run.sh': '#!/bin/sh\ncd /srv/app\nexport HOST=127.0.0.1\npython3 main.py\n',
  });
  const [launcher] = deployment.launchers;

  assert.equal(address(launcher), '127.0.0.1:8001');
  assert.equal(launcher.binds[0].port?.origin.location?.line, 2);
  assert.equal(launcher.binds[0].host?.origin.location?.line, 3);
});
