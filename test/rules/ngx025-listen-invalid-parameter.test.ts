import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx025-listen-invalid-parameter.js';
import { brief, lint } from '../nginx/harness.js';

test('silent on every parameter nginx knows, twice over, in http and stream', () => {
  const conf = [
    'events {}',
    'http {',
    '  server { listen 443 ssl http2 default_server default reuseport backlog=511 so_keepalive=on; }',
    '  server { listen [::]:80 ipv6only=on bind rcvbuf=8k sndbuf=8k fastopen=3 deferred proxy_protocol; }',
    '  server { listen 8443 "ssl" ssl quic; }',
    '}',
    'stream { server { listen 53 udp bind reuseport; listen 5432 ssl proxy_protocol; } }',
    '',
  ].join('\n');

  assert.deepEqual(lint([rule], conf).map(brief), []);
});

test("an unknown, misspelt or wrongly cased parameter is nginx's invalid parameter", () => {
  const conf =
    'events {}\nhttp {\n  server {\n    listen 80 bogus_param;\n    listen 443 SSL default-server;\n  }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), [
    'NGX025 nginx.conf:4:15-4:26 invalid parameter "bogus_param"',
    'NGX025 nginx.conf:5:16-5:19 invalid parameter "SSL"',
    'NGX025 nginx.conf:5:20-5:34 invalid parameter "default-server"',
  ]);
});

test('stream knows no http2 or default, and ipv6only needs on or off', () => {
  const conf =
    'events {}\nstream {\n  server {\n    listen 5432 http2 default;\n    listen [::]:53 ipv6only=yes;\n  }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), [
    'NGX025 nginx.conf:4:17-4:22 invalid parameter "http2"',
    'NGX025 nginx.conf:4:23-4:30 invalid parameter "default"',
    'NGX025 nginx.conf:5:20-5:32 invalid parameter "ipv6only=yes"',
  ]);
});

test("a parameter newer than the target release is invalid there, in that release's words", () => {
  const conf =
    'events {}\nhttp { server { listen 443 quic; } }\nstream { server { listen 53 udp default_server; } }\n';

  assert.deepEqual(lint([rule], conf, { target: { version: '1.22.1' } }).map(brief), [
    'NGX025 nginx.conf:2:28-2:32 invalid parameter "quic"',
    'NGX025 nginx.conf:3:33-3:47 the invalid "default_server" parameter',
  ]);
  assert.deepEqual(lint([rule], conf, { target: { version: '1.25.5' } }).map(brief), []);
});

test('a listen that swallowed the next block for want of ";" is left to NGX014', () => {
  const conf = 'events {}\nhttp {\n  server {\n    listen 80\n    location / { }\n  }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), []);
});

test("a port outside 1-65535, or not a number, is nginx's invalid port, and ends the line", () => {
  const listens = ['70000', '0', '127.0.0.1:0', '*:65536', '127.0.0.1:+80', '[::1]:99999', 'a:'];
  const conf = `events {}\nhttp {\n${listens.map((l) => `  server { listen ${l} bogus; }\n`).join('')}}\n`;

  assert.deepEqual(
    lint([rule], conf).map((f) => f.message),
    listens.map((l) => `invalid port in "${l}" of the "listen" directive`),
  );
  assert.deepEqual(
    lint([rule], 'events {}\nhttp { server { listen unix:/run/a.sock; listen 127.0.0.1; } }\n'),
    [],
  );

  // nginx splits an unbracketed address at its first colon; it says host for a bad bracket or
  // an empty one.
  const words = ['127.0.0.1:8443:1', '[::1', '[::1]x', ':8443', '""'];
  const odd = `events {}\nhttp {\n${words.map((l) => `  server { listen ${l}; }\n`).join('')}}\n`;

  assert.deepEqual(
    lint([rule], odd).map((f) => f.message),
    [
      'invalid port in "127.0.0.1:8443:1" of the "listen" directive',
      'invalid host in "[::1" of the "listen" directive',
      'invalid host in "[::1]x" of the "listen" directive',
      'no host in ":8443" of the "listen" directive',
      'no host in "" of the "listen" directive',
    ],
  );
});

test('unix: needs a path that fits sun_path; the prefix is read in any case', () => {
  const long = `/run/${'a'.repeat(103)}`;
  const words = ['unix:', 'Unix:', `unix:${long}`, `unix:${long.slice(1)}`, 'UNIX:/run/a.sock'];
  const conf = `events {}\nhttp {\n${words.map((w) => `  server { listen ${w}; }\n`).join('')}}\n`;

  assert.deepEqual(
    lint([rule], conf).map((f) => f.message),
    [
      'no path in the unix domain socket in "unix:" of the "listen" directive',
      'no path in the unix domain socket in "Unix:" of the "listen" directive',
      `too long path in the unix domain socket in "unix:${long}" of the "listen" directive`,
    ],
  );
});

test('a host no resolver can find is host not found; a name DNS may hold is not', () => {
  // nginx reads a number too long for a port, a variable, a space, as a host name; glibc looks
  // up none of these, nor digits and dots that are no IPv4 address (no top-level domain is all
  // digits). Each was checked against nginx -t with a DNS server answering every name.
  const unknown = [
    '"8443 "',
    '$port',
    'a$b:80',
    '-1',
    '-x:80',
    '"my host"',
    '.a',
    'a..b',
    '*.a',
    'é',
    '8443.0',
    '10.08',
    '256.1',
    '1.16777216',
    '1.2.3.4.5',
    '99999999999999999999',
  ];
  const plausible = [
    'myhost',
    'myhost:80',
    'foo_bar:80',
    '_a',
    'a.-b',
    'A-B:8080',
    'a.',
    '8443a',
    '0x50',
    '1.2.3',
    '127.1',
    '017.0.0.1',
    '1.16777215',
    '1.2.3.',
    '1.2.3.4.',
    'a\\\\b',
    'localhost:80',
    '*',
    // nginx reads four decimal numbers itself, leading zeros and all (ngx_inet_addr), before
    // getaddrinfo's octal; and a port as long as a 64-bit ngx_atoi takes.
    '127.0.0.09:8080',
    '127.0.0.019',
    '08.0.0.1',
    '0000000000000000080',
  ];
  const conf = (words: string[]) =>
    `events {}\nhttp {\n${words.map((w) => `  server { listen ${w}; }\n`).join('')}}\n`;

  assert.deepEqual(
    lint([rule], conf(unknown)).map((f) => f.message),
    unknown.map((w) => `host not found in "${w.replace(/^"|"$/g, '')}" of the "listen" directive`),
  );
  assert.deepEqual(lint([rule], conf(plausible)), []);
});
