import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, runCliAsNobody } from '../helpers.js';
import { writeTree, type Tree } from '../engine/lint-tree.js';

const CONF = 'events {}\nhttp {\n  server { listen 127.0.0.1:8080; server_name a; }\n}\n';

test('sockets: a missing PATH is one usage line, exit 2', () => {
  const dir = tempDir('ngxlint-sockets-');

  try {
    const result = runCli(['sockets', 'nope.conf'], { cwd: dir.path });

    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'ngxlint: PATH "nope.conf" does not exist\n');
  } finally {
    dir.cleanup();
  }
});

test('sockets: an entry config that cannot be opened is exit 2, not "no http server found"', (t) => {
  const dir = tempDir('ngxlint-sockets-');

  try {
    chmodSync(dir.path, 0o755);
    mkdirSync(join(dir.path, 'site'), { mode: 0o755 });
    writeFileSync(join(dir.path, 'site', 'nginx.conf'), CONF, { mode: 0o600 });

    const readable = runCli(['sockets', 'site'], { cwd: dir.path });

    assert.equal(readable.status, 0, readable.stderr);
    assert.equal(
      readable.stdout,
      `tcp 127.0.0.1:8080 (own socket)\n  ${join('site', 'nginx.conf')}:3  a  [default]\n`,
    );

    // Root reads any file: only another user meets the permission error.
    const asRoot = process.getuid?.() === 0;

    if (asRoot && spawnSync('setpriv', ['--version']).status !== 0) {
      if (process.env.CI) assert.fail('setpriv is missing in CI');
      t.skip('SKIPPED: running as root without setpriv');

      return;
    }

    chmodSync(join(dir.path, 'site', 'nginx.conf'), 0o000);

    for (const path of ['site', join('site', 'nginx.conf')]) {
      const result = asRoot
        ? runCliAsNobody(['sockets', path], { cwd: dir.path })
        : runCli(['sockets', path], { cwd: dir.path });

      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stdout, '');
      // As the lint says it: which entry, then why it cannot be read.
      const why =
        path === 'site' ? 'entry config found at nginx.conf' : 'given on the command line';

      assert.equal(
        result.stderr,
        `ngxlint: reading ${join('site', 'nginx.conf')}: ${why}, read in nginx's main context\n` +
          `ngxlint: ${join('site', 'nginx.conf')}: open() "${join(dir.path, 'site', 'nginx.conf')}" ` +
          'failed (13: Permission denied)\n',
      );
    }
  } finally {
    dir.cleanup();
  }
});

test('sockets: a stock include the tree lacks is assumed present, as the lint says', (t) => {
  const dir = tempDir('ngxlint-sockets-');

  t.after(dir.cleanup);
  writeFileSync(
    join(dir.path, 'nginx.conf'),
    'events {}\nhttp {\n  include proxy_params;\n  include missing.conf;\n' +
      '  server { listen 127.0.0.1:8080; }\n}\n',
  );

  const result = runCli(['sockets', 'nginx.conf'], { cwd: dir.path });

  assert.equal(
    result.stderr,
    "ngxlint: reading nginx.conf: given on the command line, read in nginx's main context\n" +
      'ngxlint: nginx.conf:3:11: include "proxy_params" is not in the tree, ' +
      'assumed present as in every nginx install\n' +
      `ngxlint: nginx.conf:4:11: open() "${join(dir.path, 'missing.conf')}" failed ` +
      '(2: No such file or directory)\n',
  );
  assert.match(result.stdout, /^tcp 127\.0\.0\.1:8080/);
});

// `sockets` reads a tree as the lint does: the default /etc/nginx mapping, --map and the root
// guard, so it shows the tree's servers, never the machine's, and nothing outside a checkout.

/** `tree` written to a temporary folder, removed after the test. */
function treeOf(t: { after: (fn: () => void) => void }, tree: Tree): string {
  const dir = tempDir('ngxlint-sockets-');

  t.after(dir.cleanup);
  writeTree(dir.path, tree);

  return dir.path;
}

test('sockets: /etc/nginx includes are read from the tree, not from this machine', (t) => {
  const dir = treeOf(t, {
    'deb/nginx.conf': 'events {}\nhttp {\n  include /etc/nginx/sites-enabled/*;\n}\n',
    'deb/sites-enabled/default':
      'server {\n  listen 127.0.0.1:8081 default_server;\n  server_name tree-default-7f3a;\n}\n',
    // As Debian's `ln -s` makes it: a link to the server path, read from the tree's file.
    'deb/sites-available/ngxlint-app-7f3a':
      'server { listen 127.0.0.1:8081; server_name tree-app-7f3a; }\n',
    'deb/sites-enabled/ngxlint-app-7f3a': { link: '/etc/nginx/sites-available/ngxlint-app-7f3a' },
  });
  const text = runCli(['sockets', 'deb'], { cwd: dir });

  assert.equal(text.status, 0, text.stderr);
  assert.equal(
    text.stdout,
    'tcp 127.0.0.1:8081 (own socket)\n' +
      `  ${join('deb', 'sites-enabled', 'default')}:1  tree-default-7f3a  [default]\n` +
      `  ${join('deb', 'sites-enabled', 'ngxlint-app-7f3a')}:1  tree-app-7f3a\n`,
  );

  const json = runCli(['sockets', 'deb', '--format', 'json'], { cwd: dir });
  const servers = JSON.parse(json.stdout).sockets.flatMap(
    (s: { servers: { file: string; names: string[]; default: boolean }[] }) => s.servers,
  );

  assert.deepEqual(
    servers.map((s: { file: string; names: string[]; default: boolean }) => [
      s.file,
      s.names,
      s.default,
    ]),
    [
      [join('deb', 'sites-enabled', 'default'), ['tree-default-7f3a'], true],
      [join('deb', 'sites-enabled', 'ngxlint-app-7f3a'), ['tree-app-7f3a'], false],
    ],
  );
});

test('sockets: --map brings a server path into the tree, as the lint reads it', (t) => {
  const dir = treeOf(t, {
    'nginx.conf': 'events {}\nhttp {\n  include /srv/ngxlint-test-sites/*.conf;\n}\n',
    'sites/a.conf': 'server { listen 127.0.0.1:8082; server_name mapped-a; }\n',
  });
  const result = runCli(['sockets', '.', '--map', '/srv/ngxlint-test-sites=sites'], { cwd: dir });

  assert.equal(result.status, 0, result.stderr);
  assert.equal(
    result.stdout,
    `tcp 127.0.0.1:8082 (own socket)\n  ${join('sites', 'a.conf')}:1  mapped-a  [default]\n`,
  );
});

const SECRET = 'SECRET-TOKEN-abc123';

/** A checkout (with `.git`, unless `git` is false) whose nginx.conf includes a file outside it
 * by `../`, by absolute path and through a symlink. */
function checkout(t: { after: (fn: () => void) => void }, git = true) {
  const dir = treeOf(t, {
    // Read, its server and name would be on the picture, and in any parse error about it.
    'outside/secret.conf': `server { listen 127.0.0.1:8083; server_name ${SECRET}; }\n`,
    ...(git ? { 'repo/.git/HEAD': '' } : {}),
    'repo/conf.d/link.conf': { link: '../../outside/secret.conf' },
  });
  const repo = join(dir, 'repo');

  writeFileSync(
    join(repo, 'nginx.conf'),
    [
      'events {}',
      'http {',
      '  include ../outside/secret.conf;',
      `  include ${join(dir, 'outside', 'secret.conf')};`,
      '  include conf.d/*.conf;',
      '  server { listen 127.0.0.1:8080; server_name inside; }',
      '}',
      '',
    ].join('\n'),
  );

  return { dir, repo };
}

/** The stderr lines of the refused includes of checkout(), worded as the lint's NGX008. */
function refusedLines(dir: string): string[] {
  const includes = ['../outside/secret.conf', join(dir, 'outside', 'secret.conf'), 'conf.d/*.conf'];

  return includes.map(
    (path, i) =>
      `ngxlint: nginx.conf:${i + 3}:3: include "${path}" leads outside the root, not read ` +
      '(--allow-outside-root reads it)',
  );
}

test('sockets: in a checkout nothing outside the root is read, in any format', (t) => {
  const { dir, repo } = checkout(t);

  for (const format of ['text', 'json']) {
    for (const path of ['.', 'nginx.conf']) {
      const result = runCli(['sockets', path, '--format', format], { cwd: repo });
      const where = `sockets ${path} --format ${format}`;

      assert.equal(result.status, 0, `${where}: ${result.stderr}`);
      assert.ok(!result.stdout.includes(SECRET), `${where} stdout:\n${result.stdout}`);
      assert.ok(!result.stderr.includes(SECRET), `${where} stderr:\n${result.stderr}`);
      assert.ok(!result.stdout.includes('8083'), `${where} stdout:\n${result.stdout}`);

      // Each refused include once.
      const notes = result.stderr.split('\n').filter((l) => l.includes('outside the root'));

      assert.deepEqual(notes, refusedLines(dir), where);
    }
  }

  const text = runCli(['sockets', '.'], { cwd: repo });

  assert.equal(text.stdout, 'tcp 127.0.0.1:8080 (own socket)\n  nginx.conf:6  inside  [default]\n');
});

test('sockets: --root guards a non-checkout; --allow-outside-root reads it', (t) => {
  const { dir, repo } = checkout(t, false);

  // No checkout and no --root: a server's own tree, read as nginx reads it.
  const unguarded = runCli(['sockets', 'repo'], { cwd: dir });

  assert.ok(unguarded.stdout.includes(SECRET), unguarded.stdout);

  const guarded = runCli(['sockets', 'repo', '--root', 'repo'], { cwd: dir });

  assert.equal(guarded.status, 0, guarded.stderr);
  assert.ok(!guarded.stdout.includes(SECRET), guarded.stdout);
  assert.ok(!guarded.stderr.includes(SECRET), guarded.stderr);
  assert.deepEqual(
    guarded.stderr.split('\n').filter((l) => l.includes('outside the root')),
    refusedLines(dir).map((l) => l.replace('nginx.conf:', `${join('repo', 'nginx.conf')}:`)),
  );

  // The same files are there to read: the guard, not their absence, kept them out.
  const allowed = runCli(['sockets', '.', '--allow-outside-root'], { cwd: repo });

  assert.equal(allowed.status, 0, allowed.stderr);
  assert.ok(allowed.stdout.includes(`  ../outside/secret.conf:1  ${SECRET}`), allowed.stdout);
  assert.ok(!allowed.stderr.includes('outside the root'), allowed.stderr);
});

test('sockets -: stdin is read under the root of the checkout, as the lint reads it', (t) => {
  const { repo } = checkout(t);
  const input =
    'events {}\nhttp {\n  include ../outside/secret.conf;\n  server { listen 127.0.0.1:8084; }\n}\n';
  const result = runCli(['sockets', '-'], { cwd: repo, input });

  assert.equal(result.status, 0, result.stderr);
  assert.ok(!result.stderr.includes(SECRET), result.stderr);
  assert.equal(result.stdout, 'tcp 127.0.0.1:8084 (own socket)\n  <stdin>:4  ""  [default]\n');
  assert.match(
    result.stderr,
    /\nngxlint: <stdin>:3:3: include "\.\.\/outside\/secret\.conf" leads outside the root/,
  );
});

test('sockets: a site FILE takes --context; a folder of fragments has no entry to picture', (t) => {
  const dir = treeOf(t, {
    'sites-enabled/a.conf': 'server { listen 127.0.0.1:8085; server_name site-a; }\n',
  });
  const site = join('sites-enabled', 'a.conf');
  const asFile = runCli(['sockets', site, '--context', 'http'], { cwd: dir });

  assert.equal(asFile.status, 0, asFile.stderr);
  assert.equal(asFile.stdout, `tcp 127.0.0.1:8085 (own socket)\n  ${site}:1  site-a  [default]\n`);

  const folder = runCli(['sockets', '.'], { cwd: dir });

  assert.equal(folder.status, 2, folder.stderr);
  assert.equal(folder.stdout, '');
  assert.equal(folder.stderr, 'ngxlint: no nginx.conf in "." (looked in ., nginx/, etc/nginx/)\n');
});
