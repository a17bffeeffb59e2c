import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx024-listen-dual-stack-conflict.js';
import { brief, lint } from '../nginx/harness.js';

test('listen 80 beside [::]:80 ipv6only=off fails at start', () => {
  const conf =
    'events {}\nhttp {\n  server {\n    listen 80;\n    listen [::]:80 ipv6only=off;\n  }\n}\n';
  const findings = lint([rule], conf);

  assert.deepEqual(findings.map(brief), [
    'NGX024 nginx.conf:5:5-5:33 "[::]:80 ipv6only=off" takes IPv4 port 80 too, and the listen at nginx.conf:4 binds it: nginx -t passes, the start fails (Address already in use)',
  ]);
});

test('silent for the usual pair, for a dual-stack socket alone and on other ports', () => {
  const ok =
    'events {}\nhttp {\n  server { listen 80; listen [::]:80; }\n  server { listen [::]:8080 ipv6only=off; listen 127.0.0.1:8081; }\n}\n';

  assert.deepEqual(lint([rule], ok).map(brief), []);
});
