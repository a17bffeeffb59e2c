import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx334-nginx-port-held-by-other.js';
import { CONF, proc, runLive, snapshot, tcp, where } from '../live/rule-harness.js';

const conf = (body: string): string => `http {\n  server {\n${body}\n  }\n}\n`;
const NODE = proc(70, 1, ['node', 'admin.js'], { user: 'dev', uid: 1000 });

test('silent when nginx holds its own port or nothing does', () => {
  const text = conf('    listen 8080;');
  const nginx = proc(5, 1, ['nginx: master process nginx']);

  assert.deepEqual(
    runLive(rule, snapshot([tcp('0.0.0.0', 8080, [5])], [nginx]), { conf: text }).findings,
    [],
  );
  assert.deepEqual(runLive(rule, snapshot([], []), { conf: text }).findings, []);
});

test('another process on a listen port is named, at the listen', () => {
  const text = conf('    listen 80;\n    listen 127.0.0.1:8080 default_server;');
  const findings = runLive(rule, snapshot([tcp('0.0.0.0', 8080, [70])], [NODE]), {
    conf: text,
  }).findings;

  assert.equal(findings.length, 1);
  assert.equal(
    findings[0].message,
    'nginx listens on "127.0.0.1:8080" but pid 70 "node admin.js" (user dev, parent 1) holds tcp 0.0.0.0:8080; stop it with "kill 70"',
  );
  assert.equal(where(findings[0]), `${CONF}:4:5-4:42`);
});

test('nginx binds [::] ipv6only: an IPv4 holder does not clash with it, a dual-stack one does', () => {
  const text = conf('    listen [::]:8080;');

  assert.deepEqual(
    runLive(rule, snapshot([tcp('127.0.0.1', 8080, [70])], [NODE]), { conf: text }).findings,
    [],
  );
  assert.equal(
    runLive(rule, snapshot([tcp('::', 8080, [70])], [NODE]), { conf: text }).findings.length,
    1,
  );
});

test('an IPv4 listen on one address meets the any address, not another address', () => {
  const text = conf('    listen 127.0.0.2:8080;');

  assert.deepEqual(
    runLive(rule, snapshot([tcp('127.0.0.1', 8080, [70])], [NODE]), { conf: text }).findings,
    [],
  );
  assert.equal(
    runLive(rule, snapshot([tcp('0.0.0.0', 8080, [70])], [NODE]), { conf: text }).findings.length,
    1,
  );
});

test('quic listens meet UDP sockets; the policy ports are left to port-80-foreign', () => {
  const text = conf('    listen 8443 quic;\n    listen 80;');
  const live = snapshot(
    [
      tcp('0.0.0.0', 8443, [70]),
      { ...tcp('0.0.0.0', 8443, [70]), protocol: 'udp' },
      tcp('0.0.0.0', 80, [70]),
    ],
    [NODE],
  );
  const findings = runLive(rule, live, { conf: text }).findings;

  assert.deepEqual(
    findings.map((f) => [f.line, /udp 0\.0\.0\.0:8443/.test(f.message)]),
    [[3, true]],
  );
});

test('a listen on the app port that the app holds: move the listen, never kill the app', () => {
  const text = conf('    listen 8000;');
  const app = proc(80, 1, ['/srv/app/venv/bin/python3', '/srv/app/venv/bin/uvicorn', 'main:app']);
  const findings = runLive(rule, snapshot([tcp('127.0.0.1', 8000, [80])], [app]), {
    conf: text,
  }).findings;

  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /^nginx listens on "\*:8000", the app port, which pid 80 /);
  assert.match(findings[0].message, /expected nginx on "80" or "443" and the app behind it$/);
  assert.doesNotMatch(findings[0].message, /kill/);
});
