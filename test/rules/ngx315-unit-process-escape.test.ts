import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo, unit } from '../deploy/trees.js';

const only = ['NGX315'];

test('a unit script that backgrounds uvicorn: killed, or orphaned with KillMode=process', async () => {
  const script = { 'app/start.sh': '#!/bin/sh\ncd /srv/app\nnohup uvicorn main:app &\n' };
  const killed = await lintTree(
    { ...nginxTo(), ...script, 'app.service': unit('/srv/app/start.sh') },
    { only },
  );

  assert.deepEqual(killed.summary, ['NGX315 app.service:6:1-6:28 backgrounds']);
  assert.match(
    killed.findings[0].message,
    /^"&" puts uvicorn started by ExecStart= in app\.service in the background/,
  );
  assert.deepEqual(
    killed.findings[0].related.map((x) => [x.file.slice(killed.root.length + 1), x.line, x.column]),
    [
      ['app/start.sh', 3, 24],
      ['app/start.sh', 3, 1],
      ['nginx/nginx.conf', 6, 13],
    ],
  );

  const orphaned = await lintTree(
    { ...nginxTo(), ...script, 'app.service': unit('/srv/app/start.sh', 'KillMode=none\n') },
    { only },
  );

  assert.deepEqual(orphaned.summary, ['NGX315 app.service:6:1-6:28 orphans']);
  assert.match(
    orphaned.findings[0].message,
    /with KillMode=none the app is orphaned and keeps port "8000"/,
  );
});

test('--daemon and KillMode=process alone are reported; a foreground exec is silent', async () => {
  const daemon = await lintTree(
    { ...nginxTo(), 'app.service': unit('/usr/bin/gunicorn -D main:app') },
    { only },
  );

  assert.deepEqual(daemon.summary, ['NGX315 app.service:6:1-6:40 daemonizes']);

  const mode = await lintTree(
    { ...nginxTo(), 'app.service': unit('/usr/bin/uvicorn main:app', 'KillMode=process\n') },
    { only },
  );

  assert.deepEqual(mode.summary, ['NGX315 app.service:6:1-6:36 killMode']);

  const fine = await lintTree(
    { ...nginxTo(), 'app.service': unit('/usr/bin/uvicorn main:app', 'KillMode=mixed\n') },
    { only },
  );

  assert.deepEqual(fine.summary, []);
});
