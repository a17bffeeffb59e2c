import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx017-events-missing.js';
import { brief, lint } from '../nginx/harness.js';

const MISSING =
  'no "events" section in configuration, expected "events {}" in the main context of nginx.conf';

test('an entry without events is reported at its first directive', () => {
  assert.deepEqual(lint([rule], '# main\nhttp {\n  server { listen 80; }\n}\n').map(brief), [
    `NGX017 nginx.conf:2:1-2:5 ${MISSING}`,
  ]);
});

test('events written directly or brought in by an include at the top is enough', () => {
  assert.deepEqual(lint([rule], 'events {}\nhttp {}\n').map(brief), []);
  assert.deepEqual(
    lint([rule], {
      'nginx.conf': 'include conf/*.conf;\nhttp {}\n',
      'conf/ev.conf': 'events {}\n',
    }).map(brief),
    [],
  );
});

test('events inside another block does not count; a fragment read in http is not checked', () => {
  assert.equal(lint([rule], 'http {\n  events {}\n}\n').length, 1);
  assert.deepEqual(lint([rule], 'server { listen 80; }\n', { entryContext: ['http'] }), []);
});

test('an unreadable include at the top may hold the block: no finding', () => {
  assert.deepEqual(lint([rule], 'include missing.conf;\nhttp {}\n'), []);
  // A glob that matches nothing is no error, and holds nothing.
  assert.equal(lint([rule], 'include none/*.conf;\nhttp {}\n').length, 1);
});

test('an empty entry is reported at its first line', () => {
  assert.deepEqual(lint([rule], '').map(brief), [`NGX017 nginx.conf:1:1-1:1 ${MISSING}`]);
});

test('a site file read in the main context gets NGX011, not also a missing events block', () => {
  assert.deepEqual(lint([rule], 'server {\n  listen 80;\n}\n'), []);
});
