import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo } from '../deploy/trees.js';

const only = ['NGX313'];

test('gunicorn with PORT set binds 0.0.0.0: reported with the PORT line related', async () => {
  const r = await lintTree(
    { ...nginxTo(), 'run.sh': '#!/bin/sh\nexport PORT=8000\ngunicorn main:app\n' },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX313 run.sh:3:1-3:18 public']);
  assert.match(
    r.findings[0].message,
    /^gunicorn binds "0\.0\.0\.0" \(PORT in run\.sh:2\), so port "8000" is reachable past nginx; expected "127\.0\.0\.1"$/,
  );
  assert.deepEqual(
    r.findings[0].related.map((x) => [x.line, x.column]),
    [
      [2, 8],
      [6, 13],
    ],
  );
});

test('uvicorn --host :: is public; 127.0.0.1 and the defaults are silent', async () => {
  const v6 = await lintTree({ ...nginxTo(), 'run.sh': '\nuvicorn main:app --host ::\n' }, { only });

  assert.deepEqual(v6.summary, ['NGX313 run.sh:2:1-2:27 public']);

  for (const line of [
    'uvicorn main:app',
    'uvicorn main:app --host 127.0.0.1',
    'gunicorn main:app',
  ]) {
    const r = await lintTree({ ...nginxTo(), 'run.sh': `${line}\n` }, { only });

    assert.deepEqual(r.summary, [], line);
  }
});
