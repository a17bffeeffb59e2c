import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo } from '../deploy/trees.js';

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
