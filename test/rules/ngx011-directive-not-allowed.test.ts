import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx011-directive-not-allowed.js';
import { brief, lint } from '../nginx/harness.js';

test('if and limit_except contexts: what nginx accepts there is silent', () => {
  const conf = `events {}
http {
  server {
    if ($host = a) { return 301 https://b; }
    location / {
      if ($uri ~ x) { proxy_pass http://127.0.0.1:8000; }
      limit_except GET { deny all; proxy_pass http://127.0.0.1:8000; }
    }
  }
}
`;

  assert.deepEqual(lint([rule], conf).map(brief), []);
});

test('if and limit_except contexts: what nginx refuses there fires', () => {
  const conf = `events {}
http {
  server {
    if ($host = a) { proxy_pass http://x; }
    location / {
      if ($uri ~ x) { location /y { } }
      limit_except GET { root /srv; }
    }
  }
}
`;

  assert.deepEqual(lint([rule], conf).map(brief), [
    'NGX011 nginx.conf:4:22-4:42 "proxy_pass" directive is not allowed here',
    'NGX011 nginx.conf:6:23-6:34 "location" directive is not allowed here',
    'NGX011 nginx.conf:7:26-7:36 "root" directive is not allowed here',
  ]);
});

test('listen, server and proxy_pass follow the module of their block: stream is not http', () => {
  const stream =
    'events {}\nstream {\n  upstream b { server 127.0.0.1:5000; }\n  server {\n    listen 12345;\n    proxy_pass backend.example:5000;\n  }\n}\n';

  assert.deepEqual(lint([rule], stream).map(brief), []);

  const wrong =
    'events {}\nstream {\n  server {\n    listen 12345;\n    location / { }\n  }\n}\nlisten 80;\n';

  assert.deepEqual(lint([rule], wrong).map(brief), [
    'NGX011 nginx.conf:5:5-5:15 "location" directive is not allowed here',
    'NGX011 nginx.conf:8:1-8:11 "listen" directive is not allowed here',
  ]);
});

test('a snippet fine in a server and wrong in http names the second chain, the first related', () => {
  const files = {
    'nginx.conf':
      'events {}\nhttp {\n  server {\n    include snippets/listen.conf;\n  }\n  include snippets/listen.conf;\n}\n',
    'snippets/listen.conf': '# shared\nlisten 8080;\n',
  };
  const findings = lint([rule], files);

  assert.deepEqual(findings.map(brief), [
    'NGX011 snippets/listen.conf:2:1-2:13 "listen" directive is not allowed here (included by nginx.conf:6; the same line is accepted where nginx.conf:4 includes it)',
  ]);
  assert.deepEqual(
    findings[0].related.map((r) => [r.line, r.message]),
    [
      [6, 'included from here'],
      [4, 'the same line is accepted here'],
    ],
  );
});
