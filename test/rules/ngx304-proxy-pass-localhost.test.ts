import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';

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
  assert.match(r.findings[1].message, /while the app binds "127.0.0.1" only \(uvicorn's default --host\)/);

  const fix = r.findings[1].fixes![0];

  assert.equal(fix.certain, false);
  assert.deepEqual(fix.edits[0].range, { line: 6, column: 40, endLine: 6, endColumn: 49 });
  assert.equal(fix.edits[0].text, '127.0.0.1');
});
