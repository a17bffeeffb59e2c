import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo, unit } from '../deploy/trees.js';

const only = ['NGX310'];

test('a systemd unit and a nohup script: the script is reported, the unit is kept', async () => {
  const r = await lintTree(
    {
      ...nginxTo(),
      'systemd/app.service': unit('/srv/app/venv/bin/uvicorn main:app'),
      'start.sh': '#!/bin/sh\ncd /srv/app\nnohup uvicorn main:app > log 2>&1 &\n',
    },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX310 start.sh:3:1-3:23 duplicate']);
  assert.match(
    r.findings[0].message,
    /^uvicorn \(script\) starts the app a second time, beside uvicorn started by ExecStart= in app\.service \(systemd\/app\.service:6\); expected one launcher$/,
  );
  assert.deepEqual(
    r.findings[0].related.map((x) => [x.line, x.message]),
    [
      [6, 'the launcher that is kept'],
      [6, 'nginx proxies to the app here'],
    ],
  );
});

test('a unit and a cron @reboot line of the same script are two launchers', async () => {
  const r = await lintTree(
    {
      ...nginxTo(),
      'systemd/app.service': unit('/srv/app/start.sh'),
      'app/start.sh': '#!/bin/sh\nexec uvicorn main:app\n',
      'cron/app.cron': '\n@reboot /srv/app/start.sh\n',
    },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX310 cron/app.cron:2:1-2:26 duplicate']);
});

test('option keep names the launcher that stays; one launcher alone is silent', async () => {
  const tree = {
    ...nginxTo(),
    'systemd/app.service': unit('/srv/app/venv/bin/uvicorn main:app'),
    'start.sh': '#!/bin/sh\n\nuvicorn main:app &\n',
  };
  const kept = await lintTree(tree, {
    only,
    rules: ['launcher-duplicate=error'],
    configFile: undefined,
  });

  assert.equal(kept.summary.length, 1);

  const alone = await lintTree(
    { ...nginxTo(), 'systemd/app.service': unit('/srv/app/venv/bin/uvicorn main:app') },
    { only },
  );

  assert.deepEqual(alone.summary, []);

  const scriptKept = await lintTree(
    {
      ...tree,
      'ngxlint.config.json': JSON.stringify({
        rules: { 'launcher-duplicate': ['error', { keep: 'start.sh' }] },
      }),
    },
    { only },
  );

  assert.deepEqual(scriptKept.summary, ['NGX310 systemd/app.service:6:1-6:45 duplicate']);
});

test('app.launcher in the project config names the launcher that stays, as keep does', async () => {
  const tree = {
    ...nginxTo(),
    'systemd/app.service': unit('/srv/app/venv/bin/uvicorn main:app'),
    'start.sh': '#!/bin/sh\n\nuvicorn main:app &\n',
  };
  const config = (value: object) => ({ 'ngxlint.config.json': JSON.stringify(value) });

  for (const launcher of ['start.sh', './start.sh:3', 'script']) {
    const r = await lintTree({ ...tree, ...config({ app: { launcher } }) }, { only });

    assert.deepEqual(r.summary, ['NGX310 systemd/app.service:6:1-6:45 duplicate'], launcher);
  }

  // The older spelling may stay beside it when both name the same launcher.
  const both = await lintTree(
    {
      ...tree,
      ...config({
        app: { launcher: 'start.sh' },
        rules: { NGX310: ['error', { keep: 'script' }] },
      }),
    },
    { only },
  );

  assert.deepEqual(both.summary, ['NGX310 systemd/app.service:6:1-6:45 duplicate']);
});
