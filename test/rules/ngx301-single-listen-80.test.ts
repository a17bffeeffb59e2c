import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';

const only = ['NGX301'];
const main = 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n';

test('two listen 80 in two files brought by a glob include: the second file is reported', async () => {
  const r = await lintTree(
    {
      'nginx.conf': main,
      'conf.d/a.conf': 'server {\n    listen 80;\n    server_name a.example;\n}\n',
      'conf.d/b.conf':
        '# the leftover\nserver {\n  server_name b.example;\n  listen 80 default_server;\n}\n',
    },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX301 conf.d/b.conf:4:3-4:28 otherFile']);
  assert.match(
    r.findings[0].message,
    /^"listen 80 default_server" serves port 80 from a second file, "conf.d\/a.conf" already does/,
  );
  assert.match(
    r.findings[0].message,
    /go to the server at conf.d\/b.conf:2 \("b.example"\), marked default_server$/,
  );
  assert.deepEqual(
    r.findings[0].related.map((x) => [x.line, x.column, x.message]),
    [
      [2, 5, 'port 80 is first served here'],
      [3, 5, 'included from here'],
    ],
  );
});

test('a server without listen beside one with listen 80 counts as *:80', async () => {
  const r = await lintTree(
    {
      'nginx.conf': main,
      'conf.d/app.conf': 'server {\n    listen 80;\n}\n',
      'conf.d/status.conf': '\n\n  server {\n      location /status { stub_status; }\n  }\n',
    },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX301 conf.d/status.conf:3:3-3:9 implicitOtherFile']);
  assert.match(r.findings[0].message, /the first server on port 80$/);
});

test('a redirect server and the app server in one file are silent', async () => {
  const r = await lintTree(
    {
      'nginx.conf': main,
      'conf.d/app.conf':
        'server {\n    listen 80;\n    server_name www.example.com;\n    return 301 http://example.com$request_uri;\n}\n' +
        'server {\n    listen 80 default_server;\n    listen [::]:80 default_server;\n    server_name example.com;\n}\n',
    },
    { only },
  );

  assert.deepEqual(r.summary, []);
});

test('scope "server" reports a second server block in the same file', async () => {
  const r = await lintTree(
    {
      'nginx.conf': main,
      'conf.d/app.conf':
        'server {\n    listen 80;\n}\nserver {\n    listen 80;\n    server_name b;\n}\n',
      'ngxlint.config.json':
        '{ "rules": { "single-listen-80": ["error", { "scope": "server" }] } }\n',
    },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX301 conf.d/app.conf:5:5-5:15 secondServer']);
});

test('a listen from an included snippet counts for the file of its server block', async () => {
  const r = await lintTree(
    {
      'nginx.conf': main,
      'conf.d/a.conf': 'server {\n    include snippets/listen80.conf;\n}\n',
      'conf.d/b.conf': 'server {\n    include snippets/listen80.conf;\n}\n',
      'snippets/listen80.conf': 'listen 80;\n',
    },
    { only },
  );

  // Both listens are written in the snippet; the second server block (in b.conf) is the one reported.
  assert.equal(r.findings.length, 1);
  assert.equal(r.summary[0], 'NGX301 snippets/listen80.conf:1:1-1:11 otherFile');
  assert.match(r.findings[0].related.at(-1)!.file, /conf\.d\/b\.conf$/);
});

test('two files after the first on 80 give two findings', async () => {
  const r = await lintTree(
    {
      'nginx.conf': main,
      'conf.d/a.conf': 'server { listen 80; }\n',
      'conf.d/b.conf': 'server { listen 127.0.0.1:80; }\n',
      'conf.d/c.conf': 'server {\n\tlisten [::]:80;\n}\n',
    },
    { only },
  );

  assert.deepEqual(r.summary, [
    'NGX301 conf.d/b.conf:1:10-1:30 otherFile',
    'NGX301 conf.d/c.conf:2:2-2:17 otherFile',
  ]);
});

test('no server on port 80 is reported at the entry config', async () => {
  const r = await lintTree(
    { 'nginx.conf': 'events {}\nhttp {\n    server { listen 443 ssl; }\n}\n' },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX301 nginx.conf:1:1-1:7 noListener']);
});

test('a server block where nginx allows none is NGX011, not also "nothing on 80"', async () => {
  const r = await lintTree(
    { 'site.conf': 'server {\n    listen 80;\n}\n' },
    {
      only,
      path: 'site.conf',
    },
  );

  assert.deepEqual(r.summary, []);
});

test('a syntax error never reads as "nothing on 80": what was recovered still counts', async () => {
  const r = await lintTree(
    {
      'nginx.conf': main,
      'conf.d/a.conf': 'server {\n    listen 80;\n}\n',
      'conf.d/b.conf':
        'server {\n    listen 80;\n    location / {\n        return 200 "x"\n    }\n}\n',
    },
    { only: ['NGX301', 'NGX001'] },
  );

  assert.ok(
    r.summary.some((s) => s.startsWith('NGX001 conf.d/b.conf:')),
    r.summary.join('\n'),
  );
  assert.ok(r.summary.includes('NGX301 conf.d/b.conf:2:5-2:15 otherFile'), r.summary.join('\n'));

  const broken = await lintTree(
    { 'nginx.conf': 'events {}\nhttp {\n    server { listen 8080 }\n' },
    { only },
  );

  assert.deepEqual(broken.summary, []);
});
