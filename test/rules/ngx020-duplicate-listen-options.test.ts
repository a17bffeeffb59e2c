import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx020-duplicate-listen-options.js';
import { brief, lint } from '../nginx/harness.js';

test('silent when socket options are given once per address:port', () => {
  const conf =
    'events {}\nhttp {\n  server { listen 80 reuseport backlog=511; }\n  server { listen 80; server_name b; }\n  server { listen 127.0.0.1:80 bind; }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), []);
});

test('a listen snippet with reuseport included by two servers fires at its second inclusion', () => {
  const files = {
    'nginx.conf':
      'events {}\nhttp {\n  server {\n    include listen.conf;\n    server_name a;\n  }\n  server {\n    server_name b;\n    include listen.conf;\n  }\n}\n',
    'listen.conf': 'listen 80 reuseport;\n',
  };
  const findings = lint([rule], files);

  assert.deepEqual(findings.map(brief), [
    'NGX020 listen.conf:1:1-1:21 duplicate listen options for 0.0.0.0:80 at listen.conf:1 (included at nginx.conf:9), already given at listen.conf:1 (included at nginx.conf:4)',
  ]);
  assert.deepEqual(
    findings[0].related.map((r) => `${r.file.split('/').at(-1)}:${r.line} ${r.message}`),
    ['listen.conf:1 socket options first given here', 'nginx.conf:9 included from here'],
  );
});

test('two servers with options on [::]:443 and a second pair on 8443: two findings', () => {
  const conf =
    'events {}\nhttp {\n  server { listen [::]:443 ipv6only=on; listen 8443 backlog=10; }\n  server { listen [::]:443 reuseport; listen 8443 fastopen=3; }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), [
    'NGX020 nginx.conf:4:12-4:38 duplicate listen options for [::]:443 at nginx.conf:4, already given at nginx.conf:3',
    'NGX020 nginx.conf:4:39-4:62 duplicate listen options for 0.0.0.0:8443 at nginx.conf:4, already given at nginx.conf:3',
  ]);
});
