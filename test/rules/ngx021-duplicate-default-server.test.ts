import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx021-duplicate-default-server.js';
import { brief, lint } from '../nginx/harness.js';

test('silent with one default server per address:port', () => {
  const conf =
    'events {}\nhttp {\n  server { listen 80 default_server; }\n  server { listen 127.0.0.1:80 default_server; }\n  server { listen [::]:80 default; }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), []);
});

test('two default servers from a glob: nginx blames the later file in sorted order', () => {
  const files = {
    'nginx.conf': 'events {}\nhttp {\n  include sites/*.conf;\n}\n',
    'sites/b-site.conf': 'server {\n  server_name b;\n  listen 80 default_server;\n}\n',
    'sites/a-site.conf': 'server {\n  listen 80 default_server;\n}\n',
  };
  const findings = lint([rule], files);

  assert.deepEqual(findings.map(brief), [
    'NGX021 sites/b-site.conf:3:3-3:28 a duplicate default server for 0.0.0.0:80 at sites/b-site.conf:3 (included at nginx.conf:3), the first is at sites/a-site.conf:2 (included at nginx.conf:3)',
  ]);
});

test('one address in two spellings is one address: 127.000.000.001 and 127.1 are 127.0.0.1', () => {
  const conf =
    'events {}\nhttp {\n  server { listen 127.0.0.1:8080 default_server; }\n  server { listen 127.000.000.001:8080 default_server; }\n' +
    '  server { listen 127.1:8081 default_server; }\n  server { listen 127.0.0.1:8081 default_server; }\n}\n';

  assert.deepEqual(
    lint([rule], conf).map((f) => f.message.split(' at ')[0]),
    [
      'a duplicate default server for 127.0.0.1:8080',
      'a duplicate default server for 127.0.0.1:8081',
    ],
  );
});
