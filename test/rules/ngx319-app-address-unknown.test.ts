import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo, unit } from '../deploy/trees.js';

const only = ['NGX319'];

test('a port from a variable set outside the tree is an info; a default makes it known', async () => {
  const r = await lintTree(
    { ...nginxTo(), 'run.sh': '#!/bin/sh\n\nuvicorn main:app --port "$APP_PORT"\n' },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX319 run.sh:3:1-3:36 unknown']);
  assert.equal(r.findings[0].severity, 'info');

  const known = await lintTree(
    { ...nginxTo(), 'run.sh': '#!/bin/sh\nuvicorn main:app --port "${APP_PORT:-8000}"\n' },
    { only },
  );

  assert.deepEqual(known.summary, []);
});

test('uvicorn.run() with **cfg or *args: unknown; a **{…} written there is read', async () => {
  const tree = (call: string) => ({
    ...nginxTo(),
    'run.sh': '#!/bin/sh\ncd /srv/app\nexec python3 main.py\n',
    'main.py': `import uvicorn\n\ncfg = load()\n\nif __name__ == "__main__":\n    ${call}\n`,
  });
  const lintCall = (call: string) => lintTree(tree(call), { only: [...only, 'NGX312'] });

  for (const call of ['uvicorn.run("main:app", **cfg)', 'uvicorn.run("main:app", *args)']) {
    const r = await lintCall(call);

    assert.deepEqual(r.summary, ['NGX319 run.sh:3:1-3:21 unknown'], call);
    assert.match(r.findings[0].message, /the port is not known statically/);
  }

  // A port given by name is known; the host may still come from **cfg.
  const host = await lintCall('uvicorn.run("main:app", port=8000, **cfg)');

  assert.match(host.findings[0].message, /the host is not known statically/);

  const literal = await lintCall('uvicorn.run("main:app", **{"port": 8001})');

  assert.deepEqual(literal.summary, ['NGX312 run.sh:3:1-3:21 target']);
  assert.match(literal.findings[0].message, /binds port "8001" \(port in main\.py:6\)/);
});

test("gunicorn's default bind under an unread EnvironmentFile= is unknown", async () => {
  const rules = [...only, 'NGX303', 'NGX305', 'NGX312'];
  const service = (extra: string) => unit('/srv/app/venv/bin/gunicorn main:app', extra);
  const missing = await lintTree(
    {
      ...nginxTo('http://127.0.0.1:8001'),
      'app.service': service('EnvironmentFile=/srv/app/.env\n'),
    },
    { only: rules },
  );

  assert.deepEqual(missing.summary, ['NGX319 app.service:6:1-6:46 unknown']);
  assert.match(
    missing.findings[0].message,
    /GUNICORN_CMD_ARGS or PORT may be set in "\/srv\/app\/\.env" \(EnvironmentFile= in app\.service:7\), which was not read/,
  );

  // Read, and holding neither: gunicorn's 127.0.0.1:8000 is known, and 8001 is a mismatch.
  const read = await lintTree(
    {
      ...nginxTo('http://127.0.0.1:8001'),
      'app.service': service('EnvironmentFile=/srv/app/.env\n'),
      'app/.env': 'OTHER=1\n',
    },
    { only: rules },
  );

  assert.ok(
    read.summary.some((x) => x.startsWith('NGX312 ')),
    read.summary.join('\n'),
  );
});

test('uvicorn without --port under an unread EnvironmentFile=: port unknown', async () => {
  const service = (extra: string, args = '') =>
    unit(`/srv/app/venv/bin/uvicorn main:app${args}`, extra);
  const rules = [...only, 'NGX303', 'NGX305', 'NGX312'];

  // Missing from the tree, and not optional: systemd reads it on the server, and uvicorn may
  // find UVICORN_PORT there. Nothing asserts a mismatch from the guessed 8000.
  const missing = await lintTree(
    {
      ...nginxTo('http://127.0.0.1:8001'),
      'app.service': service('EnvironmentFile=/srv/app/.env\n'),
    },
    { only: rules },
  );

  assert.deepEqual(missing.summary, ['NGX319 app.service:6:1-6:45 unknown']);
  assert.equal(
    missing.findings[0].message,
    'uvicorn started by ExecStart= in app.service: UVICORN_PORT may be set in "/srv/app/.env" ' +
      '(EnvironmentFile= in app.service:7), which was not read; its address was not checked',
  );

  // Read from the tree, or /dev/null (empty): the default port is known, and checked.
  for (const [extra, tree] of [
    ['EnvironmentFile=/srv/app/.env\n', { 'app/.env': 'OTHER=1\n' }],
    ['EnvironmentFile=/dev/null\n', {}],
  ] as const) {
    const known = await lintTree(
      { ...nginxTo('http://127.0.0.1:8001'), 'app.service': service(extra), ...tree },
      { only: rules },
    );

    assert.deepEqual(
      known.summary.map((s) => s.split(' ')[0]),
      ['NGX312', 'NGX303', 'NGX305'],
      extra,
    );
  }

  // --port on the command line wins over the environment: known whatever the file holds.
  const flag = await lintTree(
    {
      ...nginxTo('http://127.0.0.1:8001'),
      'app.service': service('EnvironmentFile=/srv/app/.env\n', ' --port 8000 --host 127.0.0.1'),
    },
    { only: rules },
  );

  assert.deepEqual(
    flag.summary.map((s) => s.split(' ')[0]),
    ['NGX312', 'NGX303', 'NGX305'],
  );
});
