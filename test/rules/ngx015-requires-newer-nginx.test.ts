import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx015-requires-newer-nginx.js';
import { brief, lint } from '../nginx/harness.js';

const CONF =
  'events {}\nhttp {\n  server {\n    listen 443 ssl;\n    http2 on;\n    add_header_inherit merge;\n  }\n}\n';

test('fires on directives newer than the target, naming the release that brings them', () => {
  assert.deepEqual(lint([rule], CONF, { target: { version: '1.22.1' } }).map(brief), [
    'NGX015 nginx.conf:5:5-5:14 unknown directive "http2": it requires nginx 1.25.1, the target is 1.22.1',
    'NGX015 nginx.conf:6:5-6:30 unknown directive "add_header_inherit": it requires nginx 1.29.3, the target is 1.22.1',
  ]);
});

test('silent when the target has them (mainline), and by default only for what stable lacks', () => {
  assert.deepEqual(lint([rule], CONF, { target: { version: '1.31.4' } }).map(brief), []);
  assert.deepEqual(lint([rule], CONF, { target: { version: '1.28.3' } }).map(brief), [
    'NGX015 nginx.conf:6:5-6:30 unknown directive "add_header_inherit": it requires nginx 1.29.3, the target is 1.28.3',
  ]);
});
