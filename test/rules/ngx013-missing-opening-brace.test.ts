import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx013-missing-opening-brace.js';
import { brief, lint } from '../nginx/harness.js';

test('silent on blocks with a block', () => {
  assert.deepEqual(lint([rule], 'events {}\nhttp { server { location / { } } }\n').map(brief), []);
});

test('fires on block directives ended by ";"', () => {
  const conf = 'events {}\nhttp {\n  upstream app;\n  server {\n    location /x;\n  }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), [
    'NGX013 nginx.conf:3:3-3:16 directive "upstream" has no opening "{"',
    'NGX013 nginx.conf:5:5-5:17 directive "location" has no opening "{"',
  ]);
});
