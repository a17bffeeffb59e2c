import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';

const only = ['NGX305'];
const site = (body: string) => ({
  'nginx.conf': `events {}\nhttp {\n    server {\n        listen 80;\n${body}    }\n}\n`,
});

test('using both 8000 and 8001 is one finding, at the first use of the alternate port', async () => {
  const r = await lintTree(
    site(
      '        location / { proxy_pass http://127.0.0.1:8000; }\n        location /a { proxy_pass http://127.0.0.1:8001; }\n' +
        '        location /b { proxy_pass http://[::1]:8001; }\n',
    ),
    { only },
  );

  assert.deepEqual(r.summary, ['NGX305 nginx.conf:6:23-6:56 both']);
  assert.equal(
    r.findings[0].message,
    'proxy_pass uses port "8001" while proxy_pass uses port "8000" (nginx.conf:5), expected only one of them; 1 more use of "8001"',
  );
  assert.deepEqual(
    r.findings[0].related.map((x) => `${x.line}:${x.column} ${x.message}`),
    ['7:23 port 8001 is also used here', '5:22 port 8000 is used here'],
  );
});

test('thousands of uses on both sides: one finding, ten related places of each port', async () => {
  const locations = (port: number, n: number) =>
    Array.from(
      { length: n },
      (_, i) => `        location /p${port}-${i} { proxy_pass http://127.0.0.1:${port}; }\n`,
    ).join('');
  const r = await lintTree(site(locations(8000, 2000) + locations(8001, 3000)), { only });

  assert.deepEqual(r.summary, ['NGX305 nginx.conf:2005:29-2005:62 both']);
  assert.match(r.findings[0].message, /; 2999 more uses of "8001"$/);
  assert.equal(r.findings[0].related.length, 20);
});

test('one port only is silent; with UVICORN_PORT=8001 the uses of 8000 are reported', async () => {
  const one = await lintTree(site('        location / { proxy_pass http://127.0.0.1:8001; }\n'), {
    only,
  });

  assert.deepEqual(one.summary, []);

  const r = await lintTree(
    site(
      '        location / { proxy_pass http://127.0.0.1:8000; }\n        location /a { proxy_pass http://127.0.0.1:8001; }\n',
    ),
    { only, env: { UVICORN_PORT: '8001' } },
  );

  assert.deepEqual(r.summary, ['NGX305 nginx.conf:5:22-5:55 both']);
});
