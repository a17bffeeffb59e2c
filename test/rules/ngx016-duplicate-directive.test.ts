import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx016-duplicate-directive.js';
import { brief, lint } from '../nginx/harness.js';

test('silent on the same setting at different levels and on list directives', () => {
  const conf =
    'events {}\nhttp {\n  gzip on;\n  server {\n    gzip off;\n    add_header A 1;\n    add_header B 2;\n    location / { gzip on; }\n  }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), []);
});

test('fires on a single-value setting given twice in one block, also through an include', () => {
  const files = {
    'nginx.conf':
      'events {}\nhttp {\n  server {\n    client_max_body_size 1m;\n    include proxy.conf;\n    location / {\n      proxy_pass http://127.0.0.1:8000;\n      include proxy.conf;\n    }\n  }\n}\n',
    'proxy.conf': 'client_max_body_size 2m;\n',
  };
  const findings = lint([rule], files);

  assert.deepEqual(findings.map(brief), [
    'NGX016 proxy.conf:1:1-1:25 "client_max_body_size" directive is duplicate, first set at nginx.conf:4',
  ]);
  assert.equal(findings[0].related[0].message, 'first set here');
});

test('a snippet of locations included into two servers is two blocks, not one block twice', () => {
  const files = {
    'nginx.conf':
      'events {}\nhttp {\n  server { listen 80; server_name a; include api.conf; }\n  server { listen 80; server_name b; include api.conf; }\n' +
      '  server { listen 81; include timeout.conf; include timeout.conf; }\n}\n',
    'api.conf': 'location /api/ { proxy_pass http://127.0.0.1:8000; proxy_read_timeout 5s; }\n',
    'timeout.conf': 'proxy_read_timeout 5s;\n',
  };

  // nginx -t: only timeout.conf, included twice into one server, is "directive is duplicate".
  assert.deepEqual(
    lint([rule], files).map((f) => brief(f).split(' (')[0]),
    [
      'NGX016 timeout.conf:1:1-1:23 "proxy_read_timeout" directive is duplicate, first set at timeout.conf:1',
    ],
  );
});
