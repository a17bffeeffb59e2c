import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintTree, writeTree } from '../engine/lint-tree.js';
import { nginxTo, unit } from '../deploy/trees.js';
import { runCli, tempDir } from '../helpers.js';

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

test('a launcher name matching no launcher is a config error at its line, exit 2', async () => {
  const dir = tempDir();
  const config = (text: string) => writeFileSync(join(dir.path, 'ngxlint.config.json'), text);
  const expected = 'expected one of "systemd/app.service", "systemd", "start.sh", "script"';

  try {
    writeTree(dir.path, {
      ...nginxTo(),
      'systemd/app.service': unit('/srv/app/venv/bin/uvicorn main:app'),
      'start.sh': '#!/bin/sh\n\nuvicorn main:app &\n',
    });

    config('{\n  "app": { "launcher": "nope.sh" }\n}\n');
    assert.deepEqual(lintCli(dir.path), [
      2,
      `ngxlint: ngxlint.config.json:2:12: "app.launcher" is "nope.sh", which names no launcher; ${expected}\n`,
    ]);

    config('{\n  "rules": {\n    "launcher-duplicate": ["error", { "keep": "nope.sh" }]\n  }\n}\n');
    assert.deepEqual(lintCli(dir.path), [
      2,
      `ngxlint: ngxlint.config.json:3:39: "rules.launcher-duplicate.1.keep" is "nope.sh", which names no launcher; ${expected}\n`,
    ]);

    config(
      '{ "app": { "launcher": "systemd" }, "rules": { "NGX310": ["error", { "keep": "start.sh:3" }] } }',
    );
    assert.deepEqual(lintCli(dir.path), [
      2,
      'ngxlint: ngxlint.config.json:1:70: "rules.NGX310.1.keep" is "start.sh:3", which names another launcher than "app.launcher" does; expected the same one\n',
    ]);

    // A PATH without launchers (the nginx folder alone) has nothing to match the name against.
    config('{ "app": { "launcher": "nope.sh" } }');
    assert.equal(lintCli(dir.path, 'nginx')[0], 0);
  } finally {
    dir.cleanup();
  }
});

function lintCli(cwd: string, path = '.'): [number | null, string] {
  const r = runCli([path, '--format', 'json', '--rule', 'NGX310=off'], { cwd });

  return [
    r.status,
    r.stderr
      .split('\n')
      .filter((l) => !/ linting |read from/.test(l))
      .join('\n'),
  ];
}

test('uvicorn.run() run by importing main:app is a finding; guarded ones are not', async () => {
  const module = (body: string) =>
    `import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n${body}\n`;
  const tree = (body: string, exec = '/srv/app/venv/bin/uvicorn main:app --port 8000') => ({
    ...nginxTo(),
    'app.service': unit(exec),
    'main.py': module(body),
  });
  const top = await lintTree(tree('uvicorn.run(app, host="127.0.0.1", port=8001)'), {
    only: ['NGX310'],
  });

  assert.deepEqual(top.summary, ['NGX310 main.py:6:1-6:46 runsOnImport']);
  assert.match(
    top.findings[0].message,
    /asyncio\.run\(\) cannot be called from a running event loop/,
  );

  for (const body of [
    'if __name__ == "__main__":\n    uvicorn.run(app, port=8001)',
    'def main():\n    uvicorn.run(app, port=8001)',
    'config = uvicorn.Config(app, port=8001)',
  ]) {
    assert.deepEqual((await lintTree(tree(body), { only: ['NGX310'] })).summary, [], body);
  }

  // `python3 main.py` runs the module as __main__: that call is the launcher itself.
  const script = await lintTree(
    tree('uvicorn.run(app, host="127.0.0.1", port=8000)', '/srv/app/venv/bin/python3 main.py'),
    { only: ['NGX310'] },
  );

  assert.deepEqual(script.summary, []);
});
