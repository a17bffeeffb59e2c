// Each live rule on its fixture under fixtures/live/<code>-<name>/: saved ss output (with an
// nginx config where the rule needs one) through the CLI, or a made /proc tree through the
// library, the way a user's machine would give them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from '../../rules/ngx332-app-duplicate-process.js';
import { readLiveSnapshot } from '../../src/live/snapshot.js';
import { FIXTURES, runCli } from '../helpers.js';
import { policy, runLive } from './rule-harness.js';

const LIVE = join(FIXTURES, 'live');

/** Lines of a config that carry `# expect: CODE`. */
function expected(conf: string, code: string): number[] {
  return readFileSync(conf, 'utf8')
    .split('\n')
    .flatMap((line, i) => (line.includes(`# expect: ${code}`) ? [i + 1] : []));
}

for (const [dir, code] of [
  ['ngx330-port-80-foreign', 'NGX330'],
  ['ngx331-app-ports-both-held', 'NGX331'],
  ['ngx333-proxy-target-down', 'NGX333'],
  ['ngx334-nginx-port-held-by-other', 'NGX334'],
]) {
  test(`${dir}: fires from saved ss output`, () => {
    const conf = join(LIVE, dir, 'nginx.conf');
    const args = [
      'ports',
      '--from-ss',
      join(LIVE, dir, 'ss.txt'),
      '--format',
      'json',
      '--rule',
      'proxy-target-down=error',
    ];

    if (existsSync(conf)) args.push('--nginx-conf', conf);

    const result = runCli(args, { cwd: join(LIVE, dir) });
    const found = (
      JSON.parse(result.stdout) as {
        findings: Array<{ ruleId: string; line: number; file: string }>;
      }
    ).findings;

    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual([...new Set(found.map((f) => f.ruleId))], [code], result.stdout);

    if (existsSync(conf)) {
      assert.deepEqual(
        found.map((f) => f.line),
        expected(conf, code),
      );
      assert.ok(found.every((f) => f.file === 'nginx.conf'));
    }
  });
}

test('ngx332-app-duplicate-process: a made /proc with a unit app and a nohup one', () => {
  const root = join(LIVE, 'ngx332-app-duplicate-process');
  const snapshot = readLiveSnapshot({
    procRoot: join(root, 'proc'),
    passwdPath: join(root, 'etc', 'passwd'),
  });
  const { findings } = runLive(rule, snapshot, { policy: policy() });

  assert.equal(findings.length, 1);
  assert.equal(
    findings[0].message,
    '2 independent app process trees run: pid 700 "/usr/bin/python3 /srv/app/venv/bin/uvicorn main:app --host 127.0.0.1 --port 8000 --workers 2" (user www-data, unit app.service) on 8000; pid 950 "python3 -m uvicorn main:app --port 8001" (user dev, parent 900 bash) on 8001; keep one and stop the others ("kill 950")',
  );
  assert.deepEqual(
    snapshot.sockets.map((s) => [s.port, s.holders]),
    [
      [8000, [700, 701]],
      [8001, [950]],
    ],
  );
});
