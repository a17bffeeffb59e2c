import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { lintTree, writeTree } from '../engine/lint-tree.js';
import { nginxTo } from '../deploy/trees.js';
import { tempDir } from '../helpers.js';

const only = ['NGX316'];
const unitText =
  '[Unit]\nDescription=app\n\n[Service]\nType=simpel\nExecStart=/usr/bin/true\nRuntimeDirectory=/run/app\n' +
  'EnvironmentFile=app.env\nEnvironment=GOOD=1 1BAD=secret-value\nKillMode=process\n';

test('settings systemd ignores are reported at their lines; the value after "=" is never shown', async () => {
  const r = await lintTree({ ...nginxTo(), 'app.service': unitText }, { only });

  assert.deepEqual(r.summary, [
    'NGX316 app.service:5:1-5:12 badValue',
    'NGX316 app.service:7:1-7:26 absoluteDirectory',
    'NGX316 app.service:8:1-8:24 relativePath',
    'NGX316 app.service:9:1-9:37 badEnvironment',
  ]);
  assert.ok(r.findings.every((f) => !f.message.includes('secret-value')));
});

// systemd expands specifiers before it checks a path: `%h/…` is absolute, `%%h/…` is not.
const specifierUnit =
  '[Unit]\nDescription=app\n\n[Service]\nExecStart=/usr/bin/true\nEnvironmentFile=-%h/app/.env\n' +
  'EnvironmentFile=%t/app.env\nEnvironmentFile=-%%h/app.env\nRuntimeDirectory=%t/app\nRuntimeDirectory=app\n';

test('a path that starts with a specifier expanding to an absolute path is absolute', async () => {
  const r = await lintTree({ ...nginxTo(), 'app.service': specifierUnit }, { only });

  assert.deepEqual(r.summary, [
    'NGX316 app.service:8:1-8:29 relativePath',
    'NGX316 app.service:9:1-9:24 absoluteDirectory',
  ]);
  assert.match(r.findings[0].message, /path "%%h\/app\.env" is not absolute/);
});

test('the same lines as systemd-analyze verify (when it is installed)', (t) => {
  const probe = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });

  if (probe.error) {
    if (process.env.CI) assert.fail('systemd-analyze is missing in CI');
    t.skip('systemd-analyze is not installed: SKIPPED, not checked');

    return;
  }

  const dir = tempDir();

  try {
    writeTree(dir.path, { 'app.service': unitText, 'specifiers.service': specifierUnit });

    const ignored = (name: string) => {
      const out = spawnSync('systemd-analyze', ['verify', '--man=no', join(dir.path, name)], {
        encoding: 'utf8',
        timeout: 20000,
      });

      return [...out.stderr.matchAll(/\.service:(\d+): .*ignoring/g)].map((m) => Number(m[1]));
    };

    assert.deepEqual(ignored('app.service'), [5, 7, 8, 9]);
    assert.deepEqual(ignored('specifiers.service'), [8, 9]);
  } finally {
    dir.cleanup();
  }
});
