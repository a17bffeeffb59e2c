import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo, unit } from '../deploy/trees.js';

const only = ['NGX304'];

test('localhost targets warn, directly and through an upstream; 127.0.0.1 is silent', async () => {
  const r = await lintTree(
    {
      'nginx.conf':
        'events {}\nhttp {\n    upstream app { server localhost:8000; }\n    server {\n        listen 80;\n' +
        '        location / { proxy_pass http://localhost:8000; }\n        location /u { proxy_pass http://app; }\n' +
        '        location /ok { proxy_pass http://127.0.0.1:8000; }\n    }\n}\n',
    },
    { only },
  );

  assert.deepEqual(r.summary, [
    'NGX304 nginx.conf:3:20-3:42 localhost',
    'NGX304 nginx.conf:6:22-6:55 localhost',
  ]);
  assert.equal(r.findings[0].severity, 'warning');
  assert.match(
    r.findings[1].message,
    /while the app binds "127.0.0.1" only \(uvicorn's default --host\)/,
  );

  const fix = r.findings[1].fixes![0];

  assert.equal(fix.certain, false);
  assert.deepEqual(fix.edits[0].range, { line: 6, column: 40, endLine: 6, endColumn: 49 });
  assert.equal(fix.edits[0].text, '127.0.0.1');
});

test('per launcher: those that bind 127.0.0.1 only are named with file:line; others are left out', async () => {
  const tree = {
    ...nginxTo('http://localhost:8000'),
    'app.service': unit('/srv/app/venv/bin/uvicorn main:app --host 127.0.0.1 --port 8000'),
    'deploy/start.sh': '#!/bin/sh\n  nohup uvicorn main:app --host 0.0.0.0 --port 8000 &\n',
    'deploy/both.sh': '#!/bin/sh\ngunicorn -b 127.0.0.1:8000 -b [::1]:8000 main:app\n',
    'deploy/v6.sh': '#!/bin/sh\nuvicorn main:app --host ::1\n',
    'deploy/other.sh': '#!/bin/sh\nuvicorn main:app --port 8002\n',
    'deploy/run.sh': '#!/bin/sh\ncd /srv/app\n    python3 -m uvicorn main:app\n',
  };
  const r = await lintTree(tree, { only });

  assert.deepEqual(r.summary, ['NGX304 nginx/nginx.conf:6:13-6:46 localhost']);
  assert.match(
    r.findings[0].message,
    /binds "127\.0\.0\.1" only \(uvicorn in app\.service:6, python -m uvicorn in deploy\/run\.sh:3\); expected "127\.0\.0\.1"$/,
  );
  assert.deepEqual(
    r.findings[0].related.map((x) => [relative(r.root, x.file), x.line, x.column, x.message]),
    [
      ['app.service', 6, 1, 'the app binds 127.0.0.1 only here'],
      ['deploy/run.sh', 3, 5, 'the app binds 127.0.0.1 only here'],
    ],
  );

  // With only launchers that answer ::1 (or bind every address), there is nothing to say.
  const quiet = await lintTree(
    {
      ...nginxTo('http://localhost:8000'),
      'deploy/both.sh': tree['deploy/both.sh'],
      'deploy/start.sh': tree['deploy/start.sh'],
    },
    { only },
  );

  assert.deepEqual(quiet.summary, []);
});
