import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx101-duplicate-location.js';
import { brief, lint } from '../nginx/harness.js';

test('silent on distinct kinds, regex and named locations, and the same URI in other blocks', () => {
  const conf =
    'events {}\nhttp {\n  server {\n    location /a { }\n    location = /a { }\n    location ~ /a { }\n    location ~ /a { }\n    location @a { }\n  }\n  server { location /a { location /a/b { } } }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), []);
});

test('fires on a second prefix or exact location with one URI, at the second', () => {
  const conf =
    'events {}\nhttp {\n  server {\n    location /a { }\n    location = /b { }\n    location ^~ /a { }\n    location =/b { }\n  }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), [
    'NGX101 nginx.conf:6:5-6:19 duplicate location "/a", first at nginx.conf:4',
    'NGX101 nginx.conf:7:5-7:17 duplicate location "/b", first at nginx.conf:5',
  ]);
});
