import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx330-port-80-foreign.js';
import { ANCHOR, CONF, policy, proc, runLive, snapshot, tcp, where } from '../live/rule-harness.js';

const NGINX = [
  proc(100, 1, ['nginx: master process /usr/sbin/nginx -g daemon on;'], { unit: 'nginx.service' }),
  proc(101, 100, ['nginx: worker process'], { user: 'www-data', uid: 33, unit: 'nginx.service' }),
];

test('silent when nginx (master and workers) holds 80 and 443', () => {
  const live = snapshot([tcp('0.0.0.0', 80, [100, 101]), tcp('::', 443, [100, 101])], NGINX);

  assert.deepEqual(runLive(rule, live).findings, []);
});

test('silent when nothing holds 80', () => {
  assert.deepEqual(runLive(rule, snapshot([tcp('127.0.0.1', 8000, [7])], [])).findings, []);
});

test('a foreign holder of 80 is named with its unit and the stop command, at the listen', () => {
  const live = snapshot(
    [tcp('0.0.0.0', 80, [300, 301])],
    [
      proc(300, 1, ['/usr/sbin/apache2', '-k', 'start'], { unit: 'apache2.service' }),
      proc(301, 300, ['/usr/sbin/apache2', '-k', 'start'], { unit: 'apache2.service' }),
    ],
  );
  const conf = 'http {\n  server {\n      listen 80;\n  }\n}\n';
  const [finding, ...rest] = runLive(rule, live, { conf }).findings;

  assert.equal(rest.length, 0);
  assert.equal(finding.ruleId, 'NGX330');
  assert.equal(
    finding.message,
    'port "80" is held by pid 300 "/usr/sbin/apache2 -k start" (user root, unit apache2.service), not nginx, so nginx cannot bind it; stop it with "systemctl stop apache2.service"',
  );
  assert.equal(where(finding), `${CONF}:3:7-3:17`);
});

test('without a config line the finding points at the anchor file; a stray gets kill PID', () => {
  const live = snapshot(
    [tcp('*', 443, [555]), tcp('0.0.0.0', 80, [100]), tcp('::', 80, [556])],
    [
      NGINX[0],
      proc(555, 1, ['python3', '-m', 'http.server', '443']),
      proc(556, 40, ['node', 'server.js'], { user: 'dev', uid: 1000 }),
      proc(40, 1, ['bash']),
    ],
  );
  const findings = runLive(rule, live).findings;

  assert.deepEqual(
    findings.map((f) => [
      where(f),
      f.message.replace(/ not nginx.*stop it with/, ' … stop it with'),
    ]),
    [
      [
        `${ANCHOR}:1:1-1:1`,
        'port "80" is held by pid 556 "node server.js" (user dev, parent 40 bash), … stop it with "kill 556"',
      ],
      [
        `${ANCHOR}:1:1-1:1`,
        'port "443" is held by pid 555 "python3 -m http.server 443" (user root, parent 1), … stop it with "kill 555"',
      ],
    ],
  );
});

test('follows the policy nginx ports and anchors at nginx.ports in the project config', () => {
  const live = snapshot([tcp('127.0.0.1', 8080, [9])], [proc(9, 1, ['caddy', 'run'])]);
  const location = { file: ANCHOR, line: 4, column: 14, endLine: 4, endColumn: 20 };
  const findings = runLive(rule, live, {
    policy: policy({
      nginxPorts: [8080],
      nginxPortsSource: { kind: 'config', label: 'nginx.ports', location },
    }),
  }).findings;

  assert.equal(findings.length, 1);
  assert.equal(where(findings[0]), `${ANCHOR}:4:14-4:20`);
  assert.match(findings[0].message, /^port "8080" is held by pid 9 "caddy run"/);
});

test('could not run when the source names no holders', () => {
  const live = snapshot([tcp('0.0.0.0', 80, [])], [], {
    source: 'ss',
    missing: new Map([['holders', 'the ss output has no users:(…) column']]),
  });
  const run = runLive(rule, live);

  assert.deepEqual(run.findings, []);
  assert.deepEqual(run.skipped, ['port-80-foreign: the ss output has no users:(…) column']);
});

test('pid 1 and a user manager get what to stop instead, never a kill', () => {
  const live = snapshot(
    [tcp('0.0.0.0', 80, [1]), tcp('0.0.0.0', 443, [1500]), tcp('0.0.0.0', 8080, [1])],
    [
      proc(1, 0, ['/sbin/init', 'splash'], { name: 'systemd', unit: 'init.scope' }),
      proc(1500, 1, ['/lib/systemd/systemd', '--user'], {
        name: 'systemd',
        unit: 'user@1000.service',
      }),
    ],
  );
  const messages = runLive(rule, live).findings.map((f) => f.message);

  assert.deepEqual(messages, [
    'port "80" is held by pid 1 "/sbin/init splash" (user root, unit init.scope), not nginx, so nginx cannot bind it; systemd holds the port for a .socket unit (socket activation): stop that unit with "systemctl stop NAME.socket"; /proc does not give its name, "systemctl list-sockets" does',
    'port "443" is held by pid 1500 "/lib/systemd/systemd --user" (user root, unit user@1000.service), not nginx, so nginx cannot bind it; systemd holds the port for a .socket unit (socket activation): stop that unit with "systemctl --user stop NAME.socket"; /proc does not give its name, "systemctl --user list-sockets" does',
  ]);

  // In a container pid 1 is its main process: stopping it stops the container.
  const container = snapshot(
    [tcp('0.0.0.0', 80, [1])],
    [proc(1, 0, ['python3', '-m', 'http.server', '80'])],
  );

  assert.match(
    runLive(rule, container).findings[0].message,
    /; pid 1 is the init of its machine or container: stop it by stopping that container or the service inside it, not by signalling pid 1$/,
  );
});

test('a UDP socket stops nginx only on a port it listens on with quic', () => {
  const udp = (port: number) => tcp('0.0.0.0', port, [300], { protocol: 'udp' });
  const live = snapshot([udp(80), udp(443)], [proc(300, 1, ['/usr/bin/other'])]);
  const conf =
    'events {}\nhttp {\n  server { listen 80; listen 443 quic; ssl_certificate a; ssl_certificate_key b; }\n}\n';

  assert.deepEqual(
    runLive(rule, live, { conf }).findings.map((f) => f.message.split(' is held')[0]),
    ['port "443"'],
  );
});
