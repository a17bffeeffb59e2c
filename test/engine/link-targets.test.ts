// Findings in a file reached through a link of the tree are shown at the file the link leads
// to: the one a pull request changes, where CI annotations land.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from './lint-tree.js';
import { nginxTo, unit } from '../deploy/trees.js';

test('a finding in a linked site is at the tracked file, fingerprint unchanged', async () => {
  const site =
    'server {\n    listen 80;\n    location / { proxy_pass http://127.0.0.1:8001; }\n}\n';
  const nginx = 'events {}\nhttp {\n    include sites-enabled/*;\n}\n';
  const linked = await lintTree(
    {
      'nginx/nginx.conf': nginx,
      'nginx/sites-available/app': site,
      'nginx/sites-enabled/app': { link: '../sites-available/app' },
    },
    { only: ['NGX303'] },
  );
  // The same site as a plain file under the name nginx reads.
  const plain = await lintTree(
    { 'nginx/nginx.conf': nginx, 'nginx/sites-enabled/app': site },
    { only: ['NGX303'] },
  );

  assert.deepEqual(linked.summary, ['NGX303 nginx/sites-available/app:3:18-3:51 wrongPort']);
  assert.deepEqual(plain.summary, ['NGX303 nginx/sites-enabled/app:3:18-3:51 wrongPort']);
  // A baseline made before keeps matching: the fingerprint follows the path nginx reads.
  assert.equal(linked.findings[0].fingerprint, plain.findings[0].fingerprint);
});

test('an env file reached through a link stays at the link (hidden by that path)', async () => {
  const r = await lintTree(
    {
      ...nginxTo(),
      'systemd/app.service': unit(
        '/srv/app/venv/bin/uvicorn main:app',
        'EnvironmentFile=/srv/app/.env\n',
      ),
      'app/.env': { link: '../config/app.env' },
      'config/app.env': 'UVICORN_PORT=8000 # note\n',
    },
    { only: ['NGX312'] },
  );

  assert.deepEqual(
    r.findings.map((f) => f.file.slice(r.root.length + 1)),
    ['app/.env'],
  );
});
