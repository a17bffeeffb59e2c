import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';

const only = ['NGX305'];
const site = (body: string) => ({
  'nginx.conf': `events {}\nhttp {\n    server {\n        listen 80;\n${body}    }\n}\n`,
});

test('using both 8000 and 8001 reports each use of the alternate port', async () => {
  const r = await lintTree(
    site(
      '        location / { proxy_pass http://127.0.0.1:8000; }\n        location /a { proxy_pass http://127.0.0.1:8001; }\n' +
        '        location /b { proxy_pass http://[::1]:8001; }\n',
    ),
    { only },
  );

  assert.deepEqual(r.summary, [
    'NGX305 nginx.conf:6:23-6:56 both',
    'NGX305 nginx.conf:7:23-7:52 both',
  ]);
  assert.match(
    r.findings[0].message,
    /^proxy_pass uses port "8001" while proxy_pass uses port "8000" \(nginx.conf:5\)/,
  );
  assert.notEqual(r.findings[0].fingerprint, r.findings[1].fingerprint);
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

test("a launcher's finding keeps its fingerprint when lines are added above it", async () => {
  const cron = (above: string) => ({
    ...site('        location / { proxy_pass http://127.0.0.1:8000; }\n'),
    crontab: `${above}@reboot cd /srv/app && exec uvicorn main:app --host 127.0.0.1 --port 8001\n`,
  });
  const before = await lintTree(cron(''), { only, appPort: 8000 });
  const after = await lintTree(cron('# restart on boot\n'), { only, appPort: 8000 });

  assert.equal(before.findings.length, 1);
  assert.equal(after.findings.length, 1);
  assert.equal(after.findings[0].line, before.findings[0].line + 1);
  assert.equal(after.findings[0].fingerprint, before.findings[0].fingerprint);
});
