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
