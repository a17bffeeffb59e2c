import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx012-invalid-arguments.js';
import { brief, lint } from '../nginx/harness.js';

test('silent on argument counts the masks accept', () => {
  const conf =
    'events {}\nhttp {\n  gzip on;\n  gzip_types text/css text/plain;\n  server { listen 80 default_server; server_name a b c; return 204; }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), []);
});

test('fires on too few and too many arguments, and on a flag that is not on/off', () => {
  const conf =
    'user;\nevents {}\nhttp {\n  gzip yes;\n  server {\n    listen;\n    rewrite ^/a;\n  }\n  sendfile on off;\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), [
    'NGX012 nginx.conf:1:1-1:6 invalid number of arguments in "user" directive',
    'NGX012 nginx.conf:4:3-4:12 invalid value "yes" in "gzip" directive, it must be "on" or "off"',
    'NGX012 nginx.conf:6:5-6:12 invalid number of arguments in "listen" directive',
    'NGX012 nginx.conf:7:5-7:17 invalid number of arguments in "rewrite" directive',
    'NGX012 nginx.conf:9:3-9:19 invalid number of arguments in "sendfile" directive',
  ]);
});

test('flag values are case-insensitive, as ngx_conf_set_flag_slot reads them', () => {
  assert.deepEqual(lint([rule], 'events {}\nhttp { gzip On; tcp_nopush OFF; }\n').map(brief), []);
});
