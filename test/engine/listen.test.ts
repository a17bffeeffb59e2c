import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  implicitListen,
  isLoopbackHost,
  parseListen,
  parseProxyPass,
  parseUpstreamServer,
} from '../../src/nginx/listen.js';

const text = (args: string[]) => {
  const r = parseListen(args);

  return 'error' in r
    ? `error: ${r.error}`
    : `${r.text}${r.defaultServer ? ' default' : ''}${r.ipv6 ? ' v6' : ''}${r.wildcard ? ' any' : ''}`;
};

test('listen forms: port, address, [::], *, unix:, default_server', () => {
  assert.equal(text(['80']), '*:80 any');
  assert.equal(text(['*:8080']), '*:8080 any');
  assert.equal(text(['0.0.0.0:80']), '*:80 any');
  assert.equal(text(['127.0.0.1']), '127.0.0.1:80');
  assert.equal(text(['[::]:80', 'default_server', 'ipv6only=on']), '[::]:80 default v6 any');
  assert.equal(text(['[::1]:8000']), '[::1]:8000 v6');
  assert.equal(text(['localhost:81', 'default']), 'localhost:81 default');
  assert.equal(text(['unix:/run/nginx.sock']), 'unix:/run/nginx.sock');
  assert.equal(text(['UNIX:/run/nginx.sock']), 'UNIX:/run/nginx.sock');
  assert.equal(text(['unix:']), 'error: no path in the unix domain socket in "unix:"');
  assert.equal(text(['127.0.0.1:99999']), 'error: invalid port in "127.0.0.1:99999"');
  assert.equal(text(['[::1']), 'error: invalid host in "[::1"');
  // ngx_parse_inet_url splits at the first colon.
  assert.equal(text(['127.0.0.1:8443:1']), 'error: invalid port in "127.0.0.1:8443:1"');
  assert.equal(text([':8443']), 'error: no host in ":8443"');
  // nginx does not expand variables in listen: `$port` is a host name, and none can be found.
  assert.equal(text(['$port']), 'error: host not found in "$port"');
});

test("a server without listen: *:80 as root, *:8000 otherwise (the app's port)", () => {
  assert.equal(implicitListen({ asRoot: true }).text, '*:80');
  assert.equal(implicitListen({ asRoot: false }).text, '*:8000');
  assert.equal(implicitListen({ asRoot: false }).implicit, true);
});

test('proxy_pass targets and upstream servers', () => {
  assert.deepEqual(parseProxyPass('http://127.0.0.1:8000/api/'), {
    kind: 'inet',
    scheme: 'http',
    host: '127.0.0.1',
    port: 8000,
    explicitPort: true,
  });
  assert.deepEqual(parseProxyPass('https://[::1]'), {
    kind: 'inet',
    scheme: 'https',
    host: '[::1]',
    port: 443,
    explicitPort: false,
  });
  assert.deepEqual(parseProxyPass('http://unix:/run/app.sock:/x'), {
    kind: 'unix',
    scheme: 'http',
    path: '/run/app.sock',
  });
  assert.deepEqual(parseProxyPass('http://backend'), {
    kind: 'name',
    scheme: 'http',
    host: 'backend',
    port: 80,
  });
  assert.deepEqual(parseProxyPass('http://$up:8000'), {
    kind: 'variable',
    text: 'http://$up:8000',
  });
  assert.deepEqual(parseUpstreamServer('localhost'), {
    kind: 'inet',
    scheme: '',
    host: 'localhost',
    port: 80,
    explicitPort: false,
  });
  assert.equal(isLoopbackHost('127.1.2.3'), true);
  assert.equal(isLoopbackHost('[::1]'), true);
  assert.equal(isLoopbackHost('10.0.0.1'), false);
});
