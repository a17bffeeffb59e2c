import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx022-conflicting-server-name.js';
import { brief, lint } from '../nginx/harness.js';

test('the same name on 0.0.0.0:80 and on 127.0.0.1:80 is no conflict', () => {
  const conf =
    'events {}\nhttp {\n  server { listen 80; server_name app.example; }\n  server { listen 127.0.0.1:80; server_name app.example; }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), []);
});

test('the same name twice on one socket is a warning naming the server that wins', () => {
  const conf =
    'events {}\nhttp {\n  server { listen 80; server_name app.example www.app.example; }\n  server {\n    listen 80;\n    server_name APP.example;\n  }\n  server { listen 8080; }\n  server { listen 8080; }\n}\n';
  const findings = lint([rule], conf);

  assert.deepEqual(
    findings.map((f) => `${f.severity} ${brief(f)}`),
    [
      'warning NGX022 nginx.conf:6:5-6:29 conflicting server name "APP.example" on 0.0.0.0:80, ignored: the server at nginx.conf:3 wins',
      'warning NGX022 nginx.conf:9:3-9:9 conflicting server name "" on 0.0.0.0:8080, ignored: the server at nginx.conf:8 wins',
    ],
  );
});

test('a server whose only listen nginx refuses does not get the default *:80', () => {
  const conf =
    'events {}\nhttp {\n  server { listen 80; }\n  server { listen 70000; }\n  server { listen 0; }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), []);
});
