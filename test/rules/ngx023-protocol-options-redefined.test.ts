import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx023-protocol-options-redefined.js';
import { brief, lint } from '../nginx/harness.js';

// nginx (1.23.4+) settles an address's protocols at the first listen that differs, and warns
// when a later listen asks for another set, or when a listen with socket options drops one.
const CONF = `events {}
http {
  server { listen 443 ssl; server_name a; }
  server { listen 443; server_name b; }
  server { listen 443 ssl; server_name c; }
  server { listen 8443 ssl; server_name d; }
  server { listen 8443 backlog=100; server_name e; }
}
`;

test('fires where nginx warns: a third listen that differs again, a socket-option listen that drops ssl', () => {
  assert.deepEqual(lint([rule], CONF, { target: { version: '1.24.0' } }).map(brief), [
    'NGX023 nginx.conf:5:12-5:27 protocol options redefined for 0.0.0.0:443 at nginx.conf:5, first listen at nginx.conf:3',
    'NGX023 nginx.conf:7:12-7:36 protocol options redefined for 0.0.0.0:8443 at nginx.conf:7, first listen at nginx.conf:6',
  ]);
});

test('silent when listens agree, for a single change, and before nginx 1.23.4', () => {
  const same =
    'events {}\nhttp {\n  server { listen 443 ssl; }\n  server { listen 443 ssl; server_name b; }\n  server { listen 80; }\n  server { listen 80 proxy_protocol; server_name b; }\n}\n';

  assert.deepEqual(lint([rule], same).map(brief), []);
  assert.deepEqual(lint([rule], CONF, { target: { version: '1.22.1' } }).map(brief), []);
});
