// The launcher hook of the port policy: the real app port comes from the launchers (kept one
// first) with the file and line that set it, and app-port-exclusive counts launchers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo, unit } from './trees.js';

test('the app port comes from the kept launcher, with the line that set it', async () => {
  const r = await lintTree(
    {
      ...nginxTo('http://127.0.0.1:8001'),
      'app.service': unit('/srv/app/venv/bin/uvicorn main:app', 'EnvironmentFile=/srv/app/.env\n'),
      'app/.env': 'DEBUG=0\nUVICORN_PORT=8001\n',
    },
    { only: ['NGX303'] },
  );

  assert.deepEqual(r.summary, []);

  const wrong = await lintTree(
    {
      ...nginxTo(),
      'app.service': unit('/srv/app/venv/bin/uvicorn main:app', 'EnvironmentFile=/srv/app/.env\n'),
      'app/.env': 'UVICORN_PORT=8001\n',
    },
    { only: ['NGX303'] },
  );

  assert.equal(wrong.summary.length, 1);
  assert.match(
    wrong.findings[0].message,
    /expected the app port "8001" \(uvicorn started by ExecStart= in app\.service \(app\.service:6\), UVICORN_PORT \(app\/\.env:1\)\)$/,
  );
  assert.ok(wrong.findings[0].related.some((x) => x.file.endsWith('app/.env') && x.line === 1));
});

test('app-port-exclusive: one launcher on 8000 and another on 8001 is an error at the second', async () => {
  const r = await lintTree(
    {
      ...nginxTo(),
      'app.service': unit('/srv/app/venv/bin/uvicorn main:app --port 8000'),
      'start.sh': '#!/bin/sh\n\nnohup uvicorn main:app --port 8001 &\n',
    },
    { only: ['NGX305'] },
  );

  assert.deepEqual(r.summary, ['NGX305 start.sh:3:1-3:35 both']);
});

test('app.launcher (or the older keep) picks the launcher whose port is the app port', async () => {
  const tree = {
    ...nginxTo('http://127.0.0.1:8001'),
    'app.service': unit('/srv/app/venv/bin/uvicorn main:app --port 8000'),
    'start.sh': '#!/bin/sh\n\nnohup uvicorn main:app --port 8001 &\n',
  };
  const withConfig = (config: object) =>
    lintTree({ ...tree, 'ngxlint.config.json': JSON.stringify(config) }, { only: ['NGX303'] });

  const unitFirst = await lintTree(tree, { only: ['NGX303'] });

  assert.equal(unitFirst.summary.length, 1);
  assert.match(unitFirst.findings[0].message, /expected the app port "8000" \(uvicorn started by/);

  const scriptKept = await withConfig({ app: { launcher: 'start.sh' } });

  assert.deepEqual(scriptKept.summary, []);

  const keptByOption = await withConfig({
    rules: { 'launcher-duplicate': ['error', { keep: 'script' }] },
  });

  assert.deepEqual(keptByOption.summary, []);
});
