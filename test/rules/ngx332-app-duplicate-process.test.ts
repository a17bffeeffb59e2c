import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/ngx332-app-duplicate-process.js';
import { ANCHOR, proc, runLive, snapshot, tcp, where } from '../live/rule-harness.js';

const MASTER = proc(10, 1, ['/usr/bin/python3', '/usr/bin/uvicorn', 'app:app', '--workers', '2'], {
  unit: 'app.service',
});
const WORKERS = [
  proc(11, 10, ['/usr/bin/python3', '-c', 'from multiprocessing.spawn import spawn_main'], {
    unit: 'app.service',
  }),
  proc(12, 10, ['/usr/bin/python3', '-c', 'from multiprocessing.spawn import spawn_main'], {
    unit: 'app.service',
  }),
];

test('one master with its workers is one tree: silent', () => {
  const live = snapshot([tcp('127.0.0.1', 8000, [10, 11, 12])], [MASTER, ...WORKERS]);

  assert.deepEqual(runLive(rule, live).findings, []);
});

test('a reloader and its server child are one tree: silent', () => {
  const live = snapshot(
    [tcp('127.0.0.1', 8000, [30])],
    [
      proc(30, 1, ['uvicorn', 'app:app', '--reload']),
      proc(31, 30, ['/usr/bin/python3', '-c', 'spawn']),
    ],
  );

  assert.deepEqual(runLive(rule, live).findings, []);
});

test('a systemd app and a nohup one are two trees; the stray is the one to stop', () => {
  const live = snapshot(
    [tcp('127.0.0.1', 8000, [10, 11, 12]), tcp('127.0.0.1', 8001, [50])],
    [
      MASTER,
      ...WORKERS,
      proc(40, 1, ['-bash']),
      proc(50, 40, ['python3', '-m', 'uvicorn', 'app:app', '--port', '8001']),
    ],
  );
  const findings = runLive(rule, live).findings;

  assert.equal(findings.length, 1);
  assert.equal(
    findings[0].message,
    '2 independent app process trees run: pid 10 "/usr/bin/python3 /usr/bin/uvicorn app:app --workers 2" (user root, unit app.service) on 8000; pid 50 "python3 -m uvicorn app:app --port 8001" (user root, parent 40 -bash) on 8001; keep one and stop the others ("kill 50")',
  );
  assert.equal(where(findings[0]), `${ANCHOR}:1:1-1:1`);
});

test('an app server that holds no port still counts, and the servers option adds names', () => {
  const live = snapshot(
    [tcp('127.0.0.1', 8000, [10])],
    [MASTER, proc(60, 1, ['/opt/venv/bin/granian', 'app:app'])],
  );

  assert.deepEqual(runLive(rule, live).findings, []);

  const findings = runLive(rule, live, { options: { servers: ['uvicorn', 'granian'] } }).findings;

  assert.equal(findings.length, 1);
  assert.match(
    findings[0].message,
    /pid 60 "\/opt\/venv\/bin\/granian app:app" \(user root, parent 1\), holding no app port; keep one and stop the others \("kill 60"\)$/,
  );
});

test('could not run on ss input, which has no parents', () => {
  const live = snapshot([tcp('127.0.0.1', 8000, [10])], [proc(10, null, [])], {
    missing: new Map([
      ['parents', 'ss output gives no parent processes'],
      ['commandLines', 'ss output gives only the short process name'],
    ]),
  });
  const run = runLive(rule, live);

  assert.deepEqual(run.findings, []);
  assert.deepEqual(run.skipped, [
    'app-duplicate-process: ss output gives no parent processes; ss output gives only the short process name',
  ]);
});

test('a stray tree whose root is pid 1 is named without a kill', () => {
  // In a container, pid 1 may be the app, and a process entered from outside (`docker exec`)
  // has parent 0: two trees, of which the one in a unit is kept.
  const managed = proc(10, 0, MASTER.argv, { unit: 'app.service' });
  const live = snapshot(
    [tcp('127.0.0.1', 8000, [10]), tcp('127.0.0.1', 8001, [1])],
    [managed, proc(1, 0, ['uvicorn', 'app:app', '--port', '8001'])],
  );
  const [finding] = runLive(rule, live).findings;

  assert.match(
    finding.message,
    /; keep one and stop the others \(pid 1 is the init of its machine or container: stop pid 1 by stopping that container or the service inside it, not by signalling pid 1\)$/,
  );
});
