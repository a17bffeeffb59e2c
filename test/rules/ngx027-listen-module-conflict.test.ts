// Cases checked against a real start of nginx 1.22 (stream module loaded) in a throw-away
// network namespace: which pairs fail with "Address already in use", and where reuseport
// lets both bind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx027-listen-module-conflict.js';
import { brief, lint } from '../nginx/harness.js';

function conf(http: string, stream: string): string {
  return `events {}\nhttp {\n  server { listen ${http}; }\n}\nstream {\n  server { listen ${stream}; proxy_pass 127.0.0.1:9000; }\n}\n`;
}

test('a stream listen on an address an http listen takes fails at start', () => {
  assert.deepEqual(lint([rule], conf('127.0.0.1:8443', '8443')).map(brief), [
    'NGX027 nginx.conf:6:12-6:24 stream listen "*:8443" takes the address of the http listen "127.0.0.1:8443" at nginx.conf:3: nginx -t passes, the start fails (Address already in use)',
  ]);

  for (const [http, stream] of [
    ['127.0.0.1:8443', '127.0.0.1:8443'],
    ['8443', '127.0.0.1:8443'],
    ['8443', '[::]:8443 ipv6only=off'],
    ['[::]:8443', '[::1]:8443'],
    ['8443 reuseport', '8443'],
    // The same addresses spelt otherwise (nginx reads octets with leading zeros), and a
    // dual-stack wildcard, which takes IPv6 addresses as well as IPv4 ones.
    ['[::]:8443 ipv6only=off', '[::1]:8443'],
    ['[0::0]:8443 ipv6only=off', '8443'],
    ['[0::0]:8443', '[::1]:8443'],
    ['127.0.0.01:8443', '127.0.0.1:8443'],
    ['0.0.0.00:8443', '127.0.0.1:8443'],
    ['[::1]:8443', '[0:0:0:0:0:0:0:1]:8443'],
  ]) {
    const found = lint([rule], conf(http, stream));

    assert.equal(found.length, 1, `${http} / ${stream}`);
    assert.match(found[0].message, /the start fails/);
    assert.deepEqual(
      found[0].related.map((r) => `${r.line}:${r.column} ${r.message}`),
      ['3:12 the http listen on the same address'],
    );
  }
});

test("reuseport on one http listen of a socket is the socket's: nginx starts", () => {
  const conf =
    'events {}\nhttp {\n  server { listen 8443; }\n  server { listen 8443 reuseport; }\n}\n' +
    'stream {\n  server { listen 8443 reuseport; proxy_pass 127.0.0.1:9000; }\n}\n';
  const [found] = lint([rule], conf);

  assert.match(found.message, /the kernel splits the connections between stream and http$/);
});

test('among thousands of listens on one port, the one that meets another module is found', () => {
  const http = Array.from(
    { length: 5000 },
    (_, i) => `  server { listen 10.0.${i >> 8}.${i & 255}:8443; }\n`,
  );
  const stream = Array.from(
    { length: 5000 },
    (_, i) => `  server { listen 10.1.${i >> 8}.${i & 255}:8443; proxy_pass 127.0.0.1:9000; }\n`,
  );
  const conf = `events {}\nhttp {\n${http.join('')}}\nstream {\n${stream.join('')}  server { listen 10.0.0.7:8443; proxy_pass 127.0.0.1:9000; }\n}\n`;
  const found = lint([rule], conf);

  assert.deepEqual(
    found.map((f) => f.line),
    [10005],
  );
});

test('reuseport on both: nginx starts and the address is shared or taken', () => {
  const [split] = lint([rule], conf('8443 reuseport', '8443 reuseport'));
  const [taken] = lint([rule], conf('8443 reuseport', '127.0.0.1:8443 reuseport'));

  assert.match(split.message, /the kernel splits the connections between stream and http$/);
  assert.match(taken.message, /connections to 127\.0\.0\.1:8443 reach only the stream server$/);
});

test('silent for other families, addresses, ports and transports, and within one module', () => {
  for (const [http, stream] of [
    ['8443', '8443 udp'],
    ['127.0.0.1:8443', '127.0.0.2:8443'],
    ['[::1]:8443', '8443'],
    ['8443', '[::]:8443'],
    ['8443', '8444'],
    ['unix:/run/a.sock', 'unix:/run/b.sock'],
  ]) {
    assert.deepEqual(lint([rule], conf(http, stream)).map(brief), [], `${http} / ${stream}`);
  }

  const http = 'events {}\nhttp {\n  server { listen 80; }\n  server { listen 127.0.0.1:80; }\n}\n';

  assert.deepEqual(lint([rule], http).map(brief), []);
});

test('an http server without listen takes *:80, and the later of the two is reported', () => {
  const found = lint(
    [rule],
    'events {}\nstream {\n  server { listen 80; proxy_pass 127.0.0.1:9000; }\n}\nhttp {\n  server { server_name a; }\n}\n',
  );

  assert.deepEqual(
    found.map((f) => `${f.line}:${f.column} ${f.message.split(': nginx -t')[0]}`),
    ['6:3 http listen "*:80" takes the address of the stream listen "*:80" at nginx.conf:3'],
  );
});

test('HTTP/3 on UDP meets a stream udp listen; mail meets http', () => {
  const quic =
    'events {}\nhttp {\n  server { listen 443 quic; ssl_certificate a; ssl_certificate_key b; }\n}\nstream {\n  server { listen 443 udp; proxy_pass 127.0.0.1:9000; }\n}\n';
  const mail =
    'events {}\nhttp {\n  server { listen 127.0.0.1:25; }\n}\nmail {\n  server { listen 25; protocol smtp; }\n}\n';

  assert.deepEqual(
    lint([rule], quic).map((f) => f.line),
    [6],
  );
  assert.deepEqual(
    lint([rule], mail).map((f) => f.message.split(':')[0]),
    ['mail listen "*'],
  );
});
