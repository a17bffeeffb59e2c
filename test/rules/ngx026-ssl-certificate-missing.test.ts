import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx026-ssl-certificate-missing.js';
import { brief, lint } from '../nginx/harness.js';

const http = (body: string) => `events {}\nhttp {\n${body}}\n`;
const FIX =
  ', expected ssl_certificate and ssl_certificate_key in this server or in http, or ' +
  'ssl_reject_handshake on';

test('an ssl listen in a server without a certificate is reported at the server', () => {
  const findings = lint([rule], http('  server {\n    listen 443 ssl;\n  }\n'));

  assert.deepEqual(findings.map(brief), [
    'NGX026 nginx.conf:3:3-3:9 no "ssl_certificate" is defined for the "listen ... ssl" directive' +
      ` in this server (listen 443 ssl at nginx.conf:4)${FIX}`,
  ]);
  assert.deepEqual(
    findings[0].related.map((r) => [r.line, r.message]),
    [[4, 'this server listens here']],
  );
});

test('a certificate in the server or inherited from http is enough', () => {
  const cert = 'ssl_certificate a.crt; ssl_certificate_key a.key;';

  assert.deepEqual(lint([rule], http(`  server {\n    listen 443 ssl;\n    ${cert}\n  }\n`)), []);
  assert.deepEqual(lint([rule], http(`  ${cert}\n  server {\n    listen 443 ssl;\n  }\n`)), []);
});

test('ssl set by another server on the address still needs the default server to have one', () => {
  const findings = lint(
    [rule],
    http(
      '  server {\n    listen 8443;\n  }\n' +
        '  server {\n    listen 8443 ssl;\n    server_name b;\n  }\n',
    ),
  );

  assert.deepEqual(
    findings.map((f) => [f.line, f.related.map((r) => [r.line, r.message])]),
    [
      [
        3,
        [
          [4, 'this server listens here'],
          [7, 'ssl is set here'],
        ],
      ],
    ],
  );
});

test('a default server that rejects handshakes leaves each other server to bring its own', () => {
  const conf = http(
    '  ssl_reject_handshake on;\n  server {\n    listen 443 ssl;\n  }\n' +
      '  server {\n    listen 443 ssl;\n    server_name a;\n    ssl_certificate a.crt;\n  }\n' +
      '  server {\n    listen 443 ssl;\n    server_name b;\n    ssl_reject_handshake off;\n  }\n',
  );

  assert.deepEqual(
    lint([rule], conf).map((f) => f.line),
    [12],
  );
});

test('"ssl on" needs a certificate where the ssl directive exists (before 1.25.1)', () => {
  const conf = http('  server {\n    listen 80;\n    ssl on;\n  }\n');

  assert.deepEqual(lint([rule], conf, { target: { version: '1.22.1' } }).map(brief), [
    `NGX026 nginx.conf:5:5-5:12 no "ssl_certificate" is defined for the "ssl" directive${FIX}`,
  ]);
  assert.deepEqual(lint([rule], conf, { target: { version: '1.26.3' } }), []);
  assert.deepEqual(
    lint([rule], conf.replace('ssl on', 'ssl off'), { target: { version: '1.22.1' } }),
    [],
  );
});

test('an include in the server or in http that was not read may hold the certificate', () => {
  const server = (include: string) => `  server {\n    listen 443 ssl;\n    ${include}\n  }\n`;

  assert.deepEqual(lint([rule], http(server('include snippets/snakeoil.conf;'))), []);
  assert.deepEqual(lint([rule], http(server('include missing.conf;'))), []);
  assert.deepEqual(lint([rule], http(`  include tls/*.conf;\n${server('')}`)).length, 1);
  assert.deepEqual(lint([rule], http(`  include tls.conf;\n${server('')}`)), []);
});

test('listen … quic needs a certificate too, from nginx 1.25', () => {
  const conf = http('  server {\n    listen 443 quic;\n  }\n');

  assert.deepEqual(lint([rule], conf, { target: { version: '1.26.3' } }).map(brief), [
    'NGX026 nginx.conf:3:3-3:9 no "ssl_certificate" is defined for the "listen ... quic"' +
      ` directive in this server (listen 443 quic at nginx.conf:4)${FIX}`,
  ]);
  assert.deepEqual(
    lint([rule], conf.replace('listen 443 quic;', 'listen 443 quic;\n    ssl_certificate a.crt;'), {
      target: { version: '1.26.3' },
    }),
    [],
  );
});
