// NGX008 include-outside-root: in a checkout, every include that leads outside the root is
// reported once at the include, and nothing outside is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../../src/lint.js';
import { FIXTURES, tempDir } from '../helpers.js';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo, unit } from '../deploy/trees.js';
import { diskFileSystem, type FileSystem } from '../../src/include/fs.js';

const only = ['NGX007', 'NGX008'];

test('the hostile fixture: absolute, ../ and symlinked includes, each reported once', async (t) => {
  const dir = tempDir();

  t.after(dir.cleanup);
  cpSync(join(FIXTURES, 'hostile', 'ngx008-include-outside-root'), dir.path, {
    recursive: true,
    verbatimSymlinks: true,
  });
  mkdirSync(join(dir.path, 'repo', '.git'));

  const repo = join(dir.path, 'repo');
  const result = await lint({ paths: [repo], cwd: repo, env: {}, note: () => {} });
  const found = result.findings
    .filter((f) => f.ruleId === 'NGX008')
    .map((f) => `nginx.conf:${f.line} ${f.ruleId}`);

  const markers = readFileSync(join(repo, 'nginx.conf'), 'utf8')
    .split('\n')
    .flatMap((line, i) => (/# expect: NGX008/.test(line) ? [`nginx.conf:${i + 1} NGX008`] : []));

  assert.deepEqual(found, markers);
  assert.deepEqual(
    result.findings
      .filter((f) => only.includes(f.ruleId))
      .map((f) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn, f.severity]),
    [
      ['NGX008', 4, 5, 4, 46, 'warning'],
      ['NGX008', 5, 5, 5, 36, 'warning'],
      ['NGX008', 6, 5, 6, 27, 'warning'],
      ['NGX007', 7, 5, 7, 35, 'info'],
    ],
  );
  assert.ok(
    !JSON.stringify(result).includes('hardening_secret_4c1d9e'),
    'the outside file was not read',
  );
});

test('a glob over a folder outside the root is one finding, not one per file', async () => {
  const result = await lintTree(
    {
      'repo/nginx.conf':
        'events {}\nhttp {\n  include out/*.conf;\n  include ../other/*.conf;\n}\n',
      'repo/out': { link: '../other' },
      'other/a.conf': 'a on;\n',
      'other/b.conf': 'b on;\n',
    },
    { path: 'repo', root: 'repo', only },
  );

  assert.deepEqual(result.summary, [
    'NGX008 repo/nginx.conf:3:3-3:22 outside',
    'NGX008 repo/nginx.conf:4:3-4:27 outside',
  ]);
});

test('silent for includes inside the root, and with --allow-outside-root', async () => {
  const tree = {
    'repo/nginx.conf':
      'events {}\nhttp {\n  include conf.d/*.conf;\n  include ../other/a.conf;\n}\n',
    'repo/conf.d/x.conf': 'server_tokens off;\n',
    'repo/conf.d/y.conf': { link: 'x.conf' },
    'other/a.conf': 'server_tokens on;\n',
  };
  const guarded = await lintTree(tree, { path: 'repo', root: 'repo', only });
  const allowed = await lintTree(tree, {
    path: 'repo',
    root: 'repo',
    allowOutsideRoot: true,
    only,
  });

  assert.deepEqual(guarded.summary, ['NGX008 repo/nginx.conf:4:3-4:27 outside']);
  assert.deepEqual(allowed.summary, []);
});

test('a stock include outside the root is NGX007 (assumed present), not NGX008', async () => {
  const result = await lintTree(
    {
      'repo/nginx.conf':
        'events {}\nhttp {\n  include /etc/nginx/mime.types;\n  include /usr/share/nginx/modules-available/x.conf;\n}\n',
    },
    { path: 'repo', root: 'repo', map: ['/etc/nginx=/nonexistent-map-target'], only },
  );

  assert.deepEqual(result.summary, [
    'NGX007 repo/nginx.conf:3:3-3:33 assumed',
    'NGX008 repo/nginx.conf:4:3-4:53 outside',
  ]);
});

test('an env file linking out: NGX008 at the link, its target never opened', async (t) => {
  const outside = tempDir();

  t.after(outside.cleanup);
  writeFileSync(join(outside.path, 'app.env'), 'UVICORN_PORT=8001\n');

  const touched: string[] = [];
  // What the kernel would reach: a link in the tree is followed to its target.
  const leadsOutside = (path: string) => {
    try {
      return realpathSync(path).startsWith(outside.path);
    } catch {
      return false;
    }
  };
  const spy = (name: keyof FileSystem) =>
    ((path: string) => {
      if (leadsOutside(path)) touched.push(`${name} ${path}`);

      return (diskFileSystem[name] as (p: string) => unknown)(path);
    }) as never;
  const fs: FileSystem = {
    ...diskFileSystem,
    readFile: spy('readFile'),
    stat: spy('stat'),
    readdir: spy('readdir'),
  };
  const r = await lintTree(
    {
      '.git/HEAD': 'ref: refs/heads/main\n',
      ...nginxTo(),
      'app/.env': { link: join(outside.path, 'app.env') },
      'app/app.service': unit(
        '/srv/app/venv/bin/uvicorn main:app',
        'EnvironmentFile=/srv/app/.env\n',
      ),
    },
    { only: ['NGX008', 'NGX303', 'NGX312', 'NGX317', 'NGX318'], fs },
  );

  assert.deepEqual(touched, []);
  assert.deepEqual(r.summary, ['NGX008 app/.env:1:1-1:1 outsideDeploy']);
  assert.equal(r.findings[0].severity, 'warning');
  assert.equal(
    r.findings[0].message,
    '"app/.env" leads outside the root, not read (--allow-outside-root reads it)',
  );
});

test('scripts and env files linking out, targets there or not: NGX008, no note', async (t) => {
  const outside = tempDir();

  t.after(outside.cleanup);
  writeFileSync(join(outside.path, 'vars.sh'), '#!/bin/sh\nexport UVICORN_PORT=8001\n');

  const r = await lintTree(
    {
      '.git/HEAD': 'ref: refs/heads/main\n',
      ...nginxTo(),
      'deploy/vars.sh': { link: join(outside.path, 'vars.sh') },
      'deploy/run.sh': { link: join(outside.path, 'vars.sh') },
      'deploy/gone.env': { link: join(outside.path, 'no-such-file') },
      'start.sh':
        '#!/bin/bash\n. /srv/app/deploy/vars.sh\nexec uvicorn main:app --host 127.0.0.1\n',
      'run.service': '[Service]\nExecStart=/srv/app/deploy/run.sh\n',
      'app.service': unit(
        '/usr/bin/uvicorn main:app',
        'EnvironmentFile=/srv/app/deploy/gone.env\n',
      ),
    },
    { only: ['NGX008', 'NGX317', 'NGX318'] },
  );

  assert.deepEqual(r.summary, [
    'NGX008 deploy/gone.env:1:1-1:1 outsideDeploy',
    'NGX008 deploy/run.sh:1:1-1:1 outsideDeploy',
    'NGX008 deploy/vars.sh:1:1-1:1 outsideDeploy',
  ]);
  assert.deepEqual(
    r.notes.filter((n) => n.includes(' read from ')),
    [],
  );
});
