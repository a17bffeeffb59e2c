import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';

const only = ['NGX302'];
const site = (body: string) => ({ 'nginx.conf': `events {}\nhttp {\n${body}}\n` });

test('a port outside nginx.ports is a warning; the app port is an error', async () => {
  const r = await lintTree(
    site(
      '    server {\n        listen 8080;\n    }\n    server {\n        listen 127.0.0.1:8000 default_server;\n    }\n    server { listen 443 ssl; }\n',
    ),
    { only },
  );

  assert.deepEqual(r.summary, [
    'NGX302 nginx.conf:4:9-4:21 notAllowed',
    'NGX302 nginx.conf:7:9-7:46 takesAppPort',
  ]);
  assert.deepEqual(
    r.findings.map((f) => f.severity),
    ['warning', 'error'],
  );
  assert.equal(
    r.findings[1].message,
    `nginx listens on port "8000", the app port (uvicorn's default port), so the app cannot bind it; expected one of "80", "443"`,
  );
});

test('with UVICORN_PORT=8001 in the environment, 8001 is the app port and 8000 the alternate', async () => {
  const r = await lintTree(site('    server { listen 8001; }\n    server { listen 8000; }\n'), {
    only,
    env: { UVICORN_PORT: '8001' },
  });

  assert.deepEqual(r.summary, [
    'NGX302 nginx.conf:3:14-3:26 takesAppPort',
    'NGX302 nginx.conf:4:14-4:26 takesAppPort',
  ]);
  assert.match(r.findings[0].message, /the app port \(UVICORN_PORT in the environment\)/);
  assert.match(
    r.findings[1].message,
    /the app's alternate port \(the default pairing 8000\/8001\)/,
  );
});

test('nginx.ports in the project config allows more ports and is named as the source', async () => {
  const tree = {
    ...site('    server { listen 8080; }\n    server { listen 9090; }\n'),
    'ngxlint.config.json': '{\n  "nginx": { "ports": [80, 443, 8080] }\n}\n',
  };
  const r = await lintTree(tree, { only });

  assert.deepEqual(r.summary, ['NGX302 nginx.conf:4:14-4:26 notAllowed']);
  assert.match(
    r.findings[0].message,
    /\(nginx.ports in the project config \(ngxlint.config.json:2\)\)$/,
  );
  assert.deepEqual(
    r.findings[0].related.map((x) => [x.line, x.column]),
    [[2, 14]],
  );
});

test('a server without listen takes *:8000 when nginx starts unprivileged', async () => {
  const tree = {
    ...site('    server {\n        server_name a;\n    }\n'),
    'ngxlint.config.json': '{ "nginx": { "asRoot": false } }\n',
  };
  const r = await lintTree(tree, { only });

  assert.deepEqual(r.summary, ['NGX302 nginx.conf:3:5-3:11 implicitTakesAppPort']);

  const asRoot = await lintTree(site('    server {\n        server_name a;\n    }\n'), { only });

  assert.deepEqual(asRoot.summary, []);
});
