import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx010-unknown-directive.js';
import { brief, lint } from '../nginx/harness.js';

const LUA =
  'events {}\nhttp {\n  server {\n    location / {\n      content_by_lua_block { ngx.say("ok") }\n    }\n  }\n}\n';

test('silent on known directives, handler-read bodies and Lua blocks by default', () => {
  const conf = `events {}
http {
  map $uri $x { default 0; ~^/a 1; hostnames; }
  types { text/html html; }
  geo $g { default 0; 10.0.0.0/8 1; }
  split_clients "\${remote_addr}" $s { 50% a; * b; }
  server { listen 80; }
}
`;

  assert.deepEqual(lint([rule], conf).map(brief), []);
  assert.deepEqual(lint([rule], LUA).map(brief), []);
});

test('fires on a misspelled name, at the directive, in nginx words', () => {
  const conf =
    'events {}\nhttp {\n  server {\n    location / {\n      proxy_passs http://x;\n    }\n  }\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), [
    'NGX010 nginx.conf:5:7-5:28 unknown directive "proxy_passs"; did you mean "proxy_pass"?',
  ]);
});

test('suggests only names of the target build, and nothing for a name too far from any', () => {
  const conf = 'events {}\nhttp {\n  sever {\n  }\n  gzipp_types text/css;\n  frobnicate 1;\n}\n';

  assert.deepEqual(lint([rule], conf).map(brief), [
    'NGX010 nginx.conf:3:3-3:8 unknown directive "sever"; did you mean "server"?',
    'NGX010 nginx.conf:5:3-5:24 unknown directive "gzipp_types"; did you mean "gzip_types"?',
    'NGX010 nginx.conf:6:3-6:16 unknown directive "frobnicate"',
  ]);

  // more_set_headers is one edit away, but only with the headers-more module in the build.
  const more = 'events {}\nhttp {\n  more_set_header "X: y";\n}\n';

  assert.deepEqual(lint([rule], more).map(brief), [
    'NGX010 nginx.conf:3:3-3:26 unknown directive "more_set_header"; did you mean "more_set_headers"?',
  ]);
  assert.deepEqual(lint([rule], more, { target: { modules: ['http_ssl'] } }).map(brief), [
    'NGX010 nginx.conf:3:3-3:26 unknown directive "more_set_header"',
  ]);
});

test('a Lua directive is unknown once nginx.modules leaves Lua out, and says which package has it', () => {
  const findings = lint([rule], LUA, { target: { version: '1.22.1', modules: ['http_ssl'] } });

  assert.deepEqual(findings.map(brief), [
    'NGX010 nginx.conf:5:7-5:45 unknown directive "content_by_lua_block": the Lua (OpenResty lua-nginx-module) module provides it (Debian: libnginx-mod-http-lua), and nginx.modules leaves it out',
  ]);
  assert.deepEqual(lint([rule], LUA, { target: { modules: ['lua'] } }).map(brief), []);
  assert.deepEqual(lint([rule], LUA, { target: { modules: ['debian-12'] } }).map(brief), []);
});

test('a directive removed before the target names the release that removed it', () => {
  const conf = 'events {}\nhttp {\n  server {\n    ssl on;\n  }\n}\n';

  assert.deepEqual(lint([rule], conf, { target: { version: '1.26.3' } }).map(brief), [
    'NGX010 nginx.conf:4:5-4:12 unknown directive "ssl": nginx 1.25.1 removed it, the target is 1.26.3',
  ]);
  assert.deepEqual(lint([rule], conf, { target: { version: '1.22.1' } }).map(brief), []);
});

test('a module used before its load_module line is reported, with the load as related', () => {
  const conf =
    'http {\n  server {\n    more_set_headers "X: y";\n  }\n}\nload_module modules/ngx_http_headers_more_filter_module.so;\nevents {}\n';
  const [finding, ...rest] = lint([rule], conf);

  assert.equal(rest.length, 0);
  assert.equal(
    brief(finding),
    'NGX010 nginx.conf:3:5-3:29 unknown directive "more_set_headers": its module is loaded only later, by "load_module" at nginx.conf:6',
  );
  assert.deepEqual(
    finding.related.map((r) => [r.line, r.message]),
    [[6, 'the module is loaded here']],
  );
});

test('a name in a config that loads a module without a table is an info, two findings in one file', () => {
  const conf =
    'load_module modules/ngx_http_app_protect_module.so;\nevents {}\nhttp {\n  app_protect_enable on;\n  bogus_one 1;\n}\n';
  const findings = lint([rule], conf);

  assert.deepEqual(
    findings.map((f) => [f.severity, f.line, f.column]),
    [
      ['info', 4, 3],
      ['info', 5, 3],
    ],
  );
  assert.match(
    findings[0].message,
    /^directive "app_protect_enable" not checked: .* at nginx\.conf:1 /,
  );
});
