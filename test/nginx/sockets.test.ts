import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSocketModel } from '../../src/nginx/sockets.js';
import { runCli, tempDir } from '../helpers.js';
import { parseTree } from './harness.js';

const FORMS = `events {}
http {
  server { listen 80; }
  server { listen *:8080; }
  server { listen 0.0.0.0:8081; }
  server { listen [::]:80; }
  server { listen 127.0.0.1:80; }
  server { listen 127.0.0.2:80 bind; }
  server { listen [::1]:80; }
  server { listen unix:/run/app.sock; }
  server { listen 443 quic reuseport; listen 443 ssl; }
  server { listen 127.0.0.1:8080 backlog=64; }
  server { server_name none; }
}
`;

test('every listen form maps to the address nginx binds, with wildcard coverage', () => {
  const model = buildSocketModel(parseTree({ 'nginx.conf': FORMS }));
  const view = model.addresses.map((g) => `${g.key} ${g.bound ? 'bound' : `via ${g.coveredBy}`}`);

  assert.deepEqual(view, [
    'tcp *:80 bound',
    'tcp *:8080 bound',
    'tcp *:8081 bound',
    'tcp [::]:80 bound',
    'tcp 127.0.0.1:80 via tcp *:80',
    'tcp 127.0.0.2:80 bound',
    'tcp [::1]:80 via tcp [::]:80',
    'tcp unix:/run/app.sock bound',
    'udp *:443 bound',
    'tcp *:443 bound',
    'tcp 127.0.0.1:8080 bound',
  ]);
  assert.equal(model.addresses[0].servers.length, 2, 'the server without listen joins *:80');
});

test('a server without listen takes *:8000 when nginx does not start as root', () => {
  const model = buildSocketModel(parseTree({ 'nginx.conf': 'events {}\nhttp { server { } }\n' }), {
    asRoot: false,
  });

  assert.deepEqual(
    model.addresses.map((g) => g.key),
    ['tcp *:8000'],
  );
});

test('ngxlint sockets prints the servers, default and shadowed names per address, in text and JSON', () => {
  const dir = tempDir();

  try {
    mkdirSync(join(dir.path, 'sites'));
    writeFileSync(
      join(dir.path, 'nginx.conf'),
      'events {}\nhttp {\n  server { listen 80; server_name a.example; }\n  include sites/*.conf;\n}\n',
    );
    writeFileSync(
      join(dir.path, 'sites', 'b.conf'),
      'server {\n  listen 80 default_server;\n  server_name a.example b.example;\n}\n',
    );

    const text = runCli(['sockets', dir.path], { cwd: dir.path });

    assert.equal(text.status, 0, text.stderr);
    assert.equal(
      text.stdout,
      'tcp 0.0.0.0:80 (own socket)\n  nginx.conf:3  a.example\n  sites/b.conf:1  a.example b.example  [default]\n' +
        '  shadowed: "a.example" at sites/b.conf:3, nginx.conf:3 gets it\n',
    );

    const json = runCli(['sockets', 'nginx.conf', '--format', 'json'], { cwd: dir.path });
    const data = JSON.parse(json.stdout);

    assert.equal(data.sockets[0].address, '0.0.0.0:80');
    assert.deepEqual(
      data.sockets[0].servers.map((s: { default: boolean }) => s.default),
      [false, true],
    );
    assert.deepEqual(data.sockets[0].shadowed, [
      {
        name: 'a.example',
        file: 'sites/b.conf',
        line: 3,
        column: 3,
        winner: { file: 'nginx.conf', line: 3, column: 3 },
      },
    ]);
  } finally {
    dir.cleanup();
  }
});

test('ngxlint sockets on a path with no config is a usage error', () => {
  const dir = tempDir();

  try {
    const r = runCli(['sockets', dir.path]);

    assert.equal(r.status, 2);
    // Found as the lint finds it: the same discovery, the same line.
    assert.match(
      r.stderr,
      /holds nothing to lint \(no nginx\.conf at its top, in nginx\/ or etc\/nginx\//,
    );
  } finally {
    dir.cleanup();
  }
});
