import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo, unit } from '../deploy/trees.js';

const only = ['NGX314'];

test('Type=notify with uvicorn and Type=forking with a foreground server are reported', async () => {
  const notify = await lintTree(
    { ...nginxTo(), 'app.service': unit('/usr/bin/uvicorn main:app', 'Type=notify\n') },
    { only },
  );

  assert.deepEqual(notify.summary, ['NGX314 app.service:6:1-6:36 notify']);
  assert.deepEqual(
    notify.findings[0].related.map((x) => [x.line, x.message]),
    [
      [7, 'Type=notify is set here'],
      [6, 'nginx proxies to the app here'],
    ],
  );

  const forking = await lintTree(
    { ...nginxTo(), 'app.service': unit('/usr/bin/gunicorn main:app', 'Type=forking\n') },
    { only },
  );

  assert.deepEqual(forking.summary, ['NGX314 app.service:6:1-6:37 forking']);
});

test('silent: gunicorn notifies, forking with --daemon, Type=exec', async () => {
  const trees = [
    unit('/usr/bin/gunicorn main:app', 'Type=notify\n'),
    unit('/usr/bin/gunicorn --daemon main:app', 'Type=forking\n'),
    unit('/usr/bin/uvicorn main:app', 'Type=exec\n'),
  ];

  for (const text of trees) {
    const r = await lintTree({ ...nginxTo(), 'app.service': text }, { only });

    assert.deepEqual(r.summary, [], text);
  }
});
