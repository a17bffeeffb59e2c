import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo, unit } from '../deploy/trees.js';

const only = ['NGX318'];

test('a server path the tree lacks is an info at the line that names it', async () => {
  const r = await lintTree({ ...nginxTo(), 'app.service': unit('/opt/other/run.sh') }, { only });

  assert.deepEqual(r.summary, ['NGX318 app.service:6:11-6:28 unmapped']);
  assert.equal(r.findings[0].severity, 'info');
  assert.match(r.findings[0].message, /^"\/opt\/other\/run\.sh" is not in the tree; not checked/);
});

test('a path found by suffix or by --map is silent and noted on stderr', async () => {
  const tree = {
    ...nginxTo(),
    'app.service': unit('/srv/app/run.sh'),
    'deploy/run.sh': '#!/bin/sh\nexec uvicorn main:app\n',
  };
  const suffix = await lintTree(tree, { only });

  assert.deepEqual(suffix.summary, []);
  assert.ok(suffix.notes.some((n) => n.includes('/srv/app/run.sh read from deploy/run.sh')));

  const mapped = await lintTree(tree, { only, map: ['/srv/app=deploy'] });

  assert.deepEqual(mapped.summary, []);
});

test('an EnvironmentFile= path with a systemd specifier is not read: an info', async () => {
  const r = await lintTree(
    {
      ...nginxTo(),
      'app.service': unit(
        '/srv/app/venv/bin/uvicorn main:app --port ${UVICORN_PORT}',
        'EnvironmentFile=-%h/app/.env\n',
      ),
      // What %h/app/.env would be for root: the server's, not this file of the tree.
      'root/app/.env': 'UVICORN_PORT=8001\n',
    },
    { only: [...only, 'NGX316', 'NGX319'] },
  );

  assert.deepEqual(r.summary, [
    'NGX319 app.service:6:1-6:68 unknown',
    'NGX318 app.service:7:17-7:29 unmapped',
  ]);
  assert.equal(
    r.findings[1].message,
    '"%h/app/.env" holds the systemd specifier %h, known only on the server; not checked',
  );
  assert.match(r.findings[0].message, /the port is not known statically/);
});

test('EnvironmentFile=/dev/null is empty: nothing to map, not a tree file', async () => {
  const r = await lintTree(
    {
      ...nginxTo(),
      'app.service': unit('/srv/app/venv/bin/uvicorn main:app', 'EnvironmentFile=/dev/null\n'),
      // A tree file named null is no stand-in for the device.
      'etc/null': 'UVICORN_PORT=8001\n',
    },
    { only: ['NGX318', 'NGX312'] },
  );

  assert.deepEqual(r.summary, []);

  // Empty, not unknown: a variable it might have set is not set.
  const port = await lintTree(
    {
      ...nginxTo('http://127.0.0.1:8001'),
      'app.service': unit(
        '/srv/app/venv/bin/uvicorn main:app --port 800${X}',
        'EnvironmentFile=/dev/null\n',
      ),
    },
    { only: ['NGX312', 'NGX319'] },
  );

  assert.deepEqual(
    port.findings.map((f) => f.message.split(',')[0]),
    ['uvicorn started by ExecStart= in app.service binds port "800" (--port in app.service:6)'],
  );
});

test("a venv's activate script is sourced silently; another file is still an info", async () => {
  const script = (line: string) =>
    `#!/bin/bash\ncd /srv/app\n${line}\nexec uvicorn main:app --port 8000\n`;
  const venv = await lintTree(
    {
      ...nginxTo(),
      'start.sh': script('source venv/bin/activate'),
      'run.sh': script('. /srv/app/.venv/bin/activate'),
    },
    { only },
  );

  assert.deepEqual(venv.summary, []);

  // Not looked up: a file of the tree named `activate` is no stand-in for the venv's.
  const elsewhere = await lintTree(
    {
      ...nginxTo(),
      'start.sh': script('. /srv/app/venv/bin/activate'),
      'tools/activate': '#!/bin/sh\nexport UVICORN_PORT=8001\n',
    },
    { only: [...only, 'NGX303', 'NGX312'] },
  );

  assert.deepEqual(elsewhere.summary, []);
  assert.ok(!elsewhere.notes.some((n) => n.includes('tools/activate')), elsewhere.notes.join('\n'));

  const other = await lintTree(
    { ...nginxTo(), 'start.sh': script('source venv/bin/settings') },
    {
      only,
    },
  );

  assert.deepEqual(other.summary, ['NGX318 start.sh:3:8-3:25 unmapped']);
});
