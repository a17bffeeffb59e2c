import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx331-app-ports-both-held.js';
import { ANCHOR, policy, proc, runLive, snapshot, tcp, where } from '../live/rule-harness.js';

const UNIT_APP = proc(10, 1, ['/usr/bin/python3', '/usr/bin/uvicorn', 'app:app'], {
  unit: 'app.service',
  user: 'www-data',
  uid: 33,
});
const STRAY = proc(20, 1, ['uvicorn', 'app:app', '--port', '8001']);

test('silent when only the app port is held', () => {
  assert.deepEqual(
    runLive(rule, snapshot([tcp('127.0.0.1', 8000, [10])], [UNIT_APP])).findings,
    [],
  );
});

test('silent when only the alternate is held', () => {
  assert.deepEqual(runLive(rule, snapshot([tcp('127.0.0.1', 8001, [20])], [STRAY])).findings, []);
});

test('both held: names each holder and stops the alternate, at the launcher that binds it', () => {
  const live = snapshot(
    [tcp('127.0.0.1', 8000, [10]), tcp('0.0.0.0', 8001, [20])],
    [UNIT_APP, STRAY],
  );
  const launcher = { file: '/srv/site/run.sh', line: 3, column: 1, endLine: 3, endColumn: 40 };
  const findings = runLive(rule, live, {
    policy: policy({
      bindings: [{ host: '0.0.0.0', port: 8001, label: 'uvicorn in run.sh', location: launcher }],
    }),
  }).findings;

  assert.equal(findings.length, 1);
  assert.equal(
    findings[0].message,
    'app port "8000" and its alternate "8001" are both held (8000 by pid 10 "/usr/bin/python3 /usr/bin/uvicorn app:app" (user www-data, unit app.service); 8001 by pid 20 "uvicorn app:app --port 8001" (user root, parent 1)): nginx reaches only one; stop the other with "kill 20"',
  );
  assert.equal(where(findings[0]), '/srv/site/run.sh:3:1-3:40');
});

test('follows a declared app port; unnamed holders still count as held', () => {
  const live = snapshot([tcp('127.0.0.1', 9100, []), tcp('::1', 9101, [])], []);
  const findings = runLive(rule, live, {
    policy: policy({ appPort: 9100, alternatePort: 9101 }),
  }).findings;

  assert.equal(findings.length, 1);
  assert.match(
    findings[0].message,
    /\(9100 by a process that could not be named; 9101 by a process/,
  );
  assert.equal(where(findings[0]), `${ANCHOR}:1:1-1:1`);
});

test('a stray on the alternate that is pid 1 gets no kill', () => {
  const live = snapshot(
    [tcp('127.0.0.1', 8000, [10]), tcp('127.0.0.1', 8001, [1])],
    [UNIT_APP, proc(1, 0, ['uvicorn', 'app:app', '--port', '8001'])],
  );
  const [finding] = runLive(rule, live).findings;

  assert.match(
    finding.message,
    /; pid 1 is the init of its machine or container: stop the other by/,
  );
  assert.doesNotMatch(finding.message, /kill/);
});
