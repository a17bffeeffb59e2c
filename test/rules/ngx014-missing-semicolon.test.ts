import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx014-missing-semicolon.js';
import { brief, lint } from '../nginx/harness.js';

test('silent on simple directives ended by ";"', () => {
  assert.deepEqual(lint([rule], 'events {}\nhttp { server { listen 80; } }\n').map(brief), []);
});

test('fires on a simple directive followed by a block (a ";" missing before the next "{")', () => {
  const conf = 'events {}\nhttp {\n  server {\n    listen 80\n    location / { }\n  }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), [
    'NGX014 nginx.conf:4:5-5:15 directive "listen" is not terminated by ";"',
  ]);
});
