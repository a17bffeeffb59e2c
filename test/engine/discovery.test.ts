import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyFile, impliedContext, declaredContext } from '../../src/discovery/index.js';
import { lintTree } from './lint-tree.js';

const site = 'server {\n    listen 80;\n    location / { proxy_pass http://127.0.0.1:8000; }\n}\n';

test('the entry config is found at the top, in nginx/ or in etc/nginx/', async () => {
  for (const place of ['nginx.conf', 'nginx/nginx.conf', 'etc/nginx/nginx.conf']) {
    const r = await lintTree({ [place]: `events {}\nhttp {\n${site}}\n` });

    assert.deepEqual(r.summary, [], place);
    assert.match(
      r.notes.join('\n'),
      new RegExp(`linting ${place}: entry config found at ${place}, read in nginx's main context`),
    );
  }
});

test('a subfolder with its own entry config is another deployment: skipped with a note', async () => {
  const r = await lintTree({
    'nginx/nginx.conf': `events {}\nhttp {\n${site}}\n`,
    'staging/nginx/nginx.conf': 'events {}\nhttp { server { listen 8080; } }\n',
  });

  assert.deepEqual(r.summary, []);
  assert.ok(
    r.notes.includes('staging: holds its own nginx/nginx.conf, another deployment: skipped'),
    r.notes.join('\n'),
  );
});

test('a sites-enabled symlink and its target are read once; unenabled sites-available are not live', async () => {
  const r = await lintTree({
    'nginx/sites-available/app.conf': site,
    'nginx/sites-available/old.conf': 'server { listen 80; server_name old; }\n',
    'nginx/sites-enabled/app.conf': { link: '../sites-available/app.conf' },
  });

  assert.deepEqual(r.summary, []);
  assert.deepEqual(r.notes, [
    'nginx/sites-available/old.conf: in sites-available and not enabled, not linted',
    'linting nginx/sites-enabled/app.conf: no nginx.conf in the folder: linted as a fragment, read inside http',
  ]);
});

test('a fragment-only repository: every nginx file linted in its implied context, the policy over all', async () => {
  const r = await lintTree(
    {
      'deploy/nginx/app.conf': site,
      'deploy/nginx/api.conf':
        '# ngxlint: context=http\nserver {\n    listen 80;\n    location / { proxy_pass http://127.0.0.1:8001; }\n}\n',
      'deploy/nginx/snippets/headers.conf': 'add_header X-Frame-Options DENY;\n',
      'README.md': '# an app\n',
    },
    { only: ['NGX301', 'NGX303', 'NGX305'] },
  );

  assert.deepEqual(r.summary, [
    'NGX303 deploy/nginx/api.conf:4:18-4:51 wrongPort',
    'NGX305 deploy/nginx/api.conf:4:18-4:51 both',
    'NGX301 deploy/nginx/app.conf:2:5-2:15 otherFile',
  ]);
  assert.ok(
    r.notes.some((n) =>
      n.startsWith('linting deploy/nginx/snippets/headers.conf: no nginx.conf in the folder'),
    ),
  );
});

test('a PATH with nothing to lint is an input error', async () => {
  await assert.rejects(
    lintTree({ 'README.md': 'hello\n', 'app.py': 'x = 1\n' }),
    /holds nothing to lint/,
  );
});

test('file kinds come from content and place, not the extension alone', () => {
  assert.equal(classifyFile('/x/conf.d/app.conf', 'server {\n  listen 80;\n}\n'), 'nginx');
  assert.equal(
    classifyFile('/x/app.service.d/override.conf', '[Service]\nEnvironment=A=1\n'),
    'systemd',
  );
  assert.equal(
    classifyFile('/x/supervisor/app.conf', '[program:app]\ncommand=uvicorn main:app\n'),
    'supervisor',
  );
  assert.equal(classifyFile('/x/bin/start', '#!/bin/bash\nexec uvicorn main:app\n'), 'shell');
  assert.equal(classifyFile('/x/.env.production', 'UVICORN_PORT=8001\n'), 'env');
  assert.equal(
    classifyFile('/x/nginx/sites-enabled/default', 'server {\n\tlisten 80;\n}\n'),
    'nginx',
  );
  assert.equal(classifyFile('/x/settings.conf', 'PORT=8000\nHOST=127.0.0.1\n'), 'other');
  assert.equal(classifyFile('/x/app.service', '[Unit]\n'), 'systemd');
  assert.equal(
    classifyFile('/x/src/nginx/listen.ts', 'export function f() {\n  a();\n}\n'),
    'other',
  );
  assert.equal(classifyFile('/x/nginx/snippets.json', '{\n}\n'), 'other');
});

test('the context of a fragment: a comment at its top, else what its directives imply', () => {
  assert.equal(declaredContext('# ngxlint: context=server\nlocation / {}\n'), 'server');
  assert.equal(declaredContext('listen 80;\n# ngxlint: context=server\n'), undefined);
  assert.deepEqual(
    impliedContext('upstream a { server 127.0.0.1:8000; }\nserver { listen 80; }\n').blocks,
    ['http'],
  );
  assert.deepEqual(impliedContext('location /api { proxy_pass http://127.0.0.1:8000; }\n').blocks, [
    'http',
    'server',
  ]);
  assert.deepEqual(impliedContext('proxy_pass http://x;\nproxy_set_header A b;\n').blocks, [
    'http',
    'server',
    'location',
  ]);
  assert.deepEqual(impliedContext('user www-data;\nevents {}\n').blocks, []);
});

test('--map sends absolute includes into the tree', async () => {
  const r = await lintTree(
    {
      'conf/nginx.conf': 'events {}\nhttp {\n    include /srv/sites/*.conf;\n}\n',
      'sites/app.conf': 'server { listen 8080; }\n',
    },
    { only: ['NGX302', 'NGX002'], path: 'conf/nginx.conf', map: ['/srv/sites=sites'] },
  );

  assert.deepEqual(r.summary, ['NGX302 sites/app.conf:1:10-1:22 notAllowed']);
});

test('a link to an absolute server path (Debian ln -s) is read from the tree', async () => {
  const tree = {
    '.git/HEAD': 'ref: refs/heads/main\n',
    'nginx/nginx.conf': 'events {}\nhttp {\n    include sites-enabled/*;\n}\n',
    'nginx/sites-available/app': 'server { listen 80; }\n',
    'nginx/sites-available/old': 'server { listen 80 default_server; }\n',
    'nginx/sites-enabled/app': { link: '../sites-available/app' },
    'nginx/sites-enabled/old': { link: '/etc/nginx/sites-available/old' },
    // Not under a mapping: still nothing outside the checkout is read.
    'nginx/sites-enabled/z': { link: '/etc/hostname' },
  };
  const r = await lintTree(tree, { only: ['NGX301', 'NGX002', 'NGX008'] });

  assert.deepEqual(r.summary, [
    'NGX008 nginx/nginx.conf:3:5-3:29 outside',
    'NGX301 nginx/sites-available/old:1:10-1:35 otherFile',
  ]);
  assert.ok(
    !r.notes.some((n) => n.includes('not included by the entry config')),
    r.notes.join('\n'),
  );

  // Debian's own nginx.conf includes the folder by its absolute path: the mapped folder's
  // links are followed in the tree as well, never on this machine.
  const absolute = await lintTree(
    {
      ...tree,
      'nginx/nginx.conf': 'events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n',
      'nginx/sites-enabled/app': { link: '/etc/nginx/sites-available/app' },
    },
    { only: ['NGX301', 'NGX002', 'NGX008'] },
  );

  assert.deepEqual(absolute.summary, [
    'NGX008 nginx/nginx.conf:3:5-3:40 outside',
    'NGX301 nginx/sites-available/old:1:10-1:35 otherFile',
  ]);
});

test('an /etc/nginx include reaching a Debian link reads the tree, not the machine', async () => {
  // A name no machine has: without the mapping through the link, NGX002 (or, on a machine that
  // had it, that machine's file) instead of the tree's server.
  const name = 'ngxlint-test-site-7f3a';

  for (const checkout of [true, false]) {
    const tree = {
      ...(checkout ? { '.git/HEAD': 'ref: refs/heads/main\n' } : {}),
      'nginx/nginx.conf': 'events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n',
      [`nginx/sites-available/${name}`]: 'server { listen 8080 default_server; }\n',
      [`nginx/sites-enabled/${name}`]: { link: `/etc/nginx/sites-available/${name}` },
    };
    const r = await lintTree(tree, { only: ['NGX302', 'NGX002', 'NGX008'] });

    assert.deepEqual(
      r.summary,
      [`NGX302 nginx/sites-available/${name}:1:10-1:37 notAllowed`],
      `checkout: ${checkout}`,
    );
  }
});
