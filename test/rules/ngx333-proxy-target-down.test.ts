import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx333-proxy-target-down.js';
import { CONF, runLive, snapshot, tcp, where } from '../live/rule-harness.js';

const conf = (body: string): string => `http {\n${body}\n}\n`;

test('silent when the target listens, on its address, any address or a dual-stack ::', () => {
  for (const socket of [
    tcp('127.0.0.1', 8000, [1]),
    tcp('0.0.0.0', 8000, [1]),
    tcp('::', 8000, [1]),
    tcp('*', 8000, [1]),
  ]) {
    const run = runLive(rule, snapshot([socket], []), {
      conf: conf('  server { location / { proxy_pass http://127.0.0.1:8000; } }'),
    });

    assert.deepEqual(run.findings, [], socket.address);
  }
});

test('a direct loopback target nothing listens on is a 502, at the proxy_pass', () => {
  const run = runLive(rule, snapshot([tcp('127.0.0.1', 8000, [1])], []), {
    conf: conf('  server {\n    location / {\n      proxy_pass http://127.0.0.1:8001;\n    }\n  }'),
  });

  assert.equal(run.findings.length, 1);
  assert.equal(
    run.findings[0].message,
    'nothing listens on "127.0.0.1:8001", the target of this proxy_pass: every request through it gets 502',
  );
  assert.equal(where(run.findings[0]), `${CONF}:4:7-4:40`);
});

test('IPv6 loopback needs an IPv6 listener; 0.0.0.0 does not take ::1', () => {
  const text = conf('  server { location / { proxy_pass http://[::1]:8000; } }');

  assert.equal(
    runLive(rule, snapshot([tcp('0.0.0.0', 8000, [1])], []), { conf: text }).findings.length,
    1,
  );
  assert.equal(
    runLive(rule, snapshot([tcp('::1', 8000, [1])], []), { conf: text }).findings.length,
    0,
  );
});

test('localhost is up when either 127.0.0.1 or ::1 listens', () => {
  const text = conf('  server { location / { proxy_pass http://localhost:8000/api/; } }');

  assert.equal(
    runLive(rule, snapshot([tcp('::1', 8000, [1])], []), { conf: text }).findings.length,
    0,
  );
  assert.equal(
    runLive(rule, snapshot([tcp('127.0.0.1', 8001, [1])], []), { conf: text }).findings.length,
    1,
  );
});

test('an upstream is down only when all of its servers are; the upstream is related', () => {
  const text = conf(
    '  upstream app {\n    server 127.0.0.1:8000;\n    server 127.0.0.1:8002 backup;\n  }\n  server { location / { proxy_pass http://app; } }',
  );

  assert.equal(
    runLive(rule, snapshot([tcp('127.0.0.1', 8002, [1])], []), { conf: text }).findings.length,
    0,
  );

  const [finding] = runLive(rule, snapshot([], []), { conf: text }).findings;

  assert.equal(
    finding.message,
    'nothing listens on any server of upstream "app" (127.0.0.1:8000, 127.0.0.1:8002): every request through it gets 502',
  );
  assert.equal(where(finding), `${CONF}:6:25-6:47`);
  assert.deepEqual(
    finding.related.map((r) => [r.line, r.column, r.message]),
    [[2, 3, 'upstream "app" is defined here']],
  );
});

test('remote targets, variables and unresolved names are not checked', () => {
  const text = conf(
    '  server {\n    location /a { proxy_pass http://10.0.0.5:8000; }\n    location /b { proxy_pass http://$backend; }\n    location /c { proxy_pass http://api.internal; }\n  }',
  );

  assert.deepEqual(runLive(rule, snapshot([], []), { conf: text }).findings, []);
});

test('unix targets: down when no listening socket has the path, info when unknown', () => {
  const text = conf('  server { location / { proxy_pass http://unix:/run/app.sock:/; } }');

  assert.equal(
    runLive(rule, snapshot([], [], { unixListeners: ['/run/app.sock'] }), { conf: text }).findings
      .length,
    0,
  );
  assert.match(
    runLive(rule, snapshot([], [], { unixListeners: [] }), { conf: text }).findings[0].message,
    /nothing listens on "unix:\/run\/app.sock"/,
  );

  const [unknown] = runLive(rule, snapshot([], [], { unixListeners: undefined }), {
    conf: text,
  }).findings;

  assert.equal(unknown.severity, 'info');
});

test('without --nginx-conf it says it could not run', () => {
  const run = runLive(rule, snapshot([], []));

  assert.deepEqual(run.skipped, ['proxy-target-down: it needs --nginx-conf']);
});
