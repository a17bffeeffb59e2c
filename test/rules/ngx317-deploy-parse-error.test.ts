import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo } from '../deploy/trees.js';

const only = ['NGX317', 'NGX310'];

test('a script with a syntax error is a finding at its position; the rest is still checked', async () => {
  const r = await lintTree(
    {
      ...nginxTo(),
      'broken.sh': '#!/bin/sh\nif [ -f x ]; then\n  uvicorn main:app &\n',
      'start.sh': '#!/bin/sh\nuvicorn main:app &\n',
      'main.py': 'def broken(:\n    pass\n',
      'app.service':
        '[Service]\nExecStart=/usr/bin/uvicorn main:app\nthis line has no equals sign\n',
    },
    { only },
  );

  assert.deepEqual(
    r.summary.filter((s) => s.startsWith('NGX317')),
    [
      'NGX317 app.service:3:1-3:29 parse',
      'NGX317 broken.sh:3:21-4:1 parse',
      'NGX317 main.py:1:12-1:13 parse',
    ],
  );
  assert.match(
    r.findings.find((f) => f.ruleId === 'NGX317' && f.file.endsWith('broken.sh'))!.message,
    /^shell script: /,
  );

  // The launchers around the broken files are still found and compared.
  assert.ok(r.summary.some((s) => s.startsWith('NGX310')));
});

test('clean files are silent', async () => {
  const r = await lintTree(
    { ...nginxTo(), 'start.sh': '#!/bin/sh\nexec uvicorn main:app\n' },
    { only: ['NGX317'] },
  );

  assert.deepEqual(r.summary, []);
});

test("a keyword given twice in a call is CPython's SyntaxError; neither is taken", async () => {
  const r = await lintTree(
    {
      ...nginxTo(),
      'run.sh': '#!/bin/sh\ncd /srv/app\nexec python3 main.py\n',
      'main.py':
        'import uvicorn\n\nif __name__ == "__main__":\n    uvicorn.run("main:app", port=8001, port=8000)\n',
    },
    { only: ['NGX317', 'NGX319'] },
  );

  assert.deepEqual(r.summary, ['NGX317 main.py:4:40-4:49 parse', 'NGX319 run.sh:3:1-3:21 unknown']);
  assert.equal(r.findings[0].message, 'Python module: keyword argument repeated: port');
});
