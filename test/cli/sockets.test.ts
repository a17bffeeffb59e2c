import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, runCliAsNobody } from '../helpers.js';

const CONF = 'events {}\nhttp {\n  server { listen 127.0.0.1:8080; server_name a; }\n}\n';

test('sockets: a missing PATH is one usage line, exit 2', () => {
  const dir = tempDir('ngxlint-sockets-');

  try {
    const result = runCli(['sockets', 'nope.conf'], { cwd: dir.path });

    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'ngxlint: PATH "nope.conf" cannot be read (ENOENT)\n');
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
      assert.equal(
        result.stderr,
        `ngxlint: open() "${join('site', 'nginx.conf')}" failed (13: Permission denied)\n`,
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
    'ngxlint: nginx.conf:3:11: include "proxy_params" is not in the tree, ' +
      'assumed present as in every nginx install\n' +
      `ngxlint: nginx.conf:4:11: open() "${join(dir.path, 'missing.conf')}" failed ` +
      '(2: No such file or directory)\n',
  );
  assert.match(result.stdout, /^tcp 127\.0\.0\.1:8080/);
});
