import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';

const only = ['NGX303'];
const site = (body: string) => ({
  'nginx.conf': `events {}\nhttp {\n    server {\n        listen 80;\n${body}    }\n}\n`,
});

test('a direct proxy_pass to another local port names both sides', async () => {
  const r = await lintTree(
    site(
      '        location / { proxy_pass http://127.0.0.1:8001; }\n        location /b { proxy_pass http://127.0.0.1:8000/; }\n',
    ),
    { only },
  );

  assert.deepEqual(r.summary, ['NGX303 nginx.conf:5:22-5:55 wrongPort']);
  assert.equal(
    r.findings[0].message,
    `proxy_pass targets port "8001", expected the app port "8000" (uvicorn's default port)`,
  );
});

test("an unknown launcher port makes uvicorn's default a guess: nothing held", async () => {
  const unit =
    '[Service]\nEnvironmentFile=/opt/app/.env\n' +
    'ExecStart=/opt/app/venv/bin/uvicorn main:app --port ${UVICORN_PORT}\n';
  const body = '        location / { proxy_pass http://127.0.0.1:8001; }\n';
  const unknown = await lintTree({ ...site(body), 'app.service': unit }, { only });
  const known = await lintTree(
    { ...site(body), 'app.service': unit.replace('${UVICORN_PORT}', '8000') },
    { only },
  );

  assert.deepEqual(unknown.summary, []);
  assert.deepEqual(known.summary, ['NGX303 nginx.conf:5:22-5:55 wrongPort']);
});

test('through an upstream: the upstream server line is reported, the proxy_pass related', async () => {
  const r = await lintTree(
    {
      'nginx.conf':
        'events {}\nhttp {\n    upstream app {\n        server 127.0.0.1:8000 max_fails=3;\n        server 127.0.0.2:8001 backup;\n    }\n' +
        '    server {\n        listen 80;\n        location / { proxy_pass http://app; }\n    }\n}\n',
    },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX303 nginx.conf:5:9-5:38 wrongUpstreamPort']);
  assert.deepEqual(
    r.findings[0].related.map((x) => [x.line, x.column, x.message]),
    [[9, 22, 'proxy_pass through this upstream']],
  );
});

test('a variable target is an info that says it was not checked', async () => {
  const r = await lintTree(
    site('        set $b 127.0.0.1:8001;\n        location / { proxy_pass http://$b; }\n'),
    { only },
  );

  assert.deepEqual(r.summary, ['NGX303 nginx.conf:6:22-6:43 notChecked']);
  assert.equal(r.findings[0].severity, 'info');
});

test('a unix: target is not where the app listens unless a launcher binds that socket', async () => {
  const r = await lintTree(
    site('        location / { proxy_pass http://unix:/run/app.sock:/; }\n'),
    { only },
  );

  assert.deepEqual(r.summary, ['NGX303 nginx.conf:5:22-5:61 wrongSocket']);
  assert.match(r.findings[0].message, /but the app listens on port "8000", not on a unix socket/);
});

test('a socket the app binds elsewhere names where it is bound, not the port sources', async () => {
  const r = await lintTree(
    {
      ...site('        location / { proxy_pass http://unix:/run/app/wrong.sock:/; }\n'),
      'app.service':
        '[Service]\nExecStart=/srv/app/venv/bin/gunicorn -k uvicorn.workers.UvicornWorker --bind unix:/run/app/app.sock main:app\n',
    },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX303 nginx.conf:5:22-5:67 wrongSocket']);
  assert.equal(
    r.findings[0].message,
    'proxy_pass targets "unix:/run/app/wrong.sock", but the app listens on "unix:/run/app/app.sock" (--bind in app.service:2)',
  );
  assert.deepEqual(
    r.findings[0].related.map((x) => [x.file.split('/').at(-1), x.line, x.message]),
    [['app.service', 2, "the app's socket is bound here"]],
  );
});

test('IPv6 loopback and localhost are local; other hosts are not checked', async () => {
  const r = await lintTree(
    site(
      '        location /a { proxy_pass http://[::1]:9000; }\n        location /b { proxy_pass http://localhost; }\n' +
        '        location /c { proxy_pass http://10.0.0.5:8001; }\n        location /d { proxy_pass https://api.example.com; }\n',
    ),
    { only },
  );

  assert.deepEqual(r.summary, [
    'NGX303 nginx.conf:5:23-5:52 wrongPort',
    'NGX303 nginx.conf:6:23-6:51 wrongPort',
  ]);
  assert.match(r.findings[1].message, /port "80"/);
});

test('the app port by flag beats UVICORN_PORT, which beats the config file', async () => {
  const tree = {
    ...site('        location / { proxy_pass http://127.0.0.1:8001; }\n'),
    'ngxlint.config.json': '{\n  "app": {\n    "port": 8002\n  }\n}\n',
  };
  const byConfig = await lintTree(tree, { only });

  assert.deepEqual(byConfig.summary, ['NGX303 nginx.conf:5:22-5:55 wrongPort']);
  assert.match(
    byConfig.findings[0].message,
    /"8002" \(app.port in the project config \(ngxlint.config.json:3\)\)$/,
  );
  assert.deepEqual(
    byConfig.findings[0].related.map((x) => [x.line, x.column]),
    [[3, 5]],
  );

  const byEnv = await lintTree(tree, { only, env: { UVICORN_PORT: '8001' } });

  assert.deepEqual(byEnv.summary, []);

  const byFlag = await lintTree(tree, { only, env: { UVICORN_PORT: '8001' }, appPort: 8000 });

  assert.deepEqual(byFlag.summary, ['NGX303 nginx.conf:5:22-5:55 wrongPort']);
  assert.match(byFlag.findings[0].message, /expected the app port "8000" \(--app-port\)$/);
});
