import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { tempDir, runCliAsNobody } from '../helpers.js';
import { parseConfig } from '../../src/syntax/index.js';
import { memoryFileSystem } from '../../src/include/memory-fs.js';
import { walkConfig } from '../../src/syntax/walk.js';
import { diskFileSystem } from '../../src/include/fs.js';
import { guardFileSystem } from '../../src/security/index.js';

function brief(e: {
  kind: string;
  message: string;
  file: string;
  line: number;
  column: number;
}): string {
  return `${e.kind} ${e.file}:${e.line}:${e.column} ${e.message}`;
}

test('relative includes resolve against the prefix, never the including file', () => {
  const fs = memoryFileSystem({
    '/etc/ngx/nginx.conf': 'http {\n    include sites/*.conf;\n}\n',
    '/etc/ngx/sites/b.conf': 'include snippets/x.conf;\n',
    '/etc/ngx/sites/a.conf': 'server { listen 80; }\n',
    '/etc/ngx/sites/.hidden.conf': 'bogus;\n',
    '/etc/ngx/snippets/x.conf': 'gzip on;\n',
  });
  const config = parseConfig('/etc/ngx/nginx.conf', { fs });

  assert.deepEqual(
    config.files.map((f) => f.path),
    [
      '/etc/ngx/nginx.conf',
      '/etc/ngx/sites/a.conf',
      '/etc/ngx/sites/b.conf',
      '/etc/ngx/snippets/x.conf',
    ],
  );
  assert.deepEqual(config.errors, []);

  const seen: string[] = [];

  walkConfig(config, (d, path) =>
    seen.push(`${d.name}@${path.context.join('/')}<${path.includeChain.length}`),
  );
  assert.deepEqual(seen, [
    'http@<0',
    'include@http<0',
    'server@http<1',
    'listen@http/server<1',
    'include@http<1',
    'gzip@http<2',
  ]);
});

test("--prefix overrides the folder; a glob matching nothing is fine; a missing literal is nginx's error", () => {
  const fs = memoryFileSystem({
    '/src/nginx.conf': 'include conf.d/*.conf;\ninclude   missing.conf;\n',
    '/srv/conf.d/a.conf': 'user x;\n',
  });
  const config = parseConfig('/src/nginx.conf', { fs, prefix: '/srv' });

  assert.deepEqual(
    config.files.map((f) => f.path),
    ['/src/nginx.conf', '/srv/conf.d/a.conf'],
  );
  assert.deepEqual(config.errors.map(brief), [
    'include /src/nginx.conf:2:11 open() "/srv/missing.conf" failed (2: No such file or directory)',
  ]);
  assert.equal(config.errors[0].include?.name, 'include');
});

test('an include cycle is an error at the include that closes it, never a hang', () => {
  const fs = memoryFileSystem({
    '/c/nginx.conf': 'include a.conf;\n',
    '/c/a.conf': '\ninclude b.conf;\n',
    '/c/b.conf': 'include a.conf;\n',
  });
  const config = parseConfig('/c/nginx.conf', { fs });

  assert.deepEqual(config.errors.map(brief), [
    'include /c/b.conf:1:9 include cycle: "a.conf" leads back to "/c/a.conf"',
  ]);
});

test('a file included from two contexts is read once and walked in each', () => {
  const fs = memoryFileSystem({
    '/d/nginx.conf': 'http { include common.conf; server { include common.conf; } }\n',
    '/d/common.conf': 'add_header X 1;\n',
  });
  const contexts: string[] = [];

  walkConfig(parseConfig('/d/nginx.conf', { fs }), (d, p) => {
    if (d.name === 'add_header') contexts.push(p.context.join('/'));
  });
  assert.deepEqual(contexts, ['http', 'http/server']);
});

test('read errors injected through the file system: EACCES and EIO', () => {
  const fs = memoryFileSystem({
    '/e/nginx.conf': 'include a.conf;\ninclude b.conf;\n',
    '/e/a.conf': { error: 'EACCES' },
    '/e/b.conf': { error: 'EIO', syscall: 'read' },
  });

  assert.deepEqual(parseConfig('/e/nginx.conf', { fs }).errors.map(brief), [
    'read /e/nginx.conf:1:9 open() "/e/a.conf" failed (13: Permission denied)',
    'read /e/nginx.conf:2:9 pread() "/e/b.conf" failed (5: Input/output error)',
  ]);
});

test('a directory, a FIFO, a device and a symlink loop named by include are errors, not hangs', () => {
  const dir = tempDir();

  try {
    mkdirSync(join(dir.path, 'd'));
    spawnSync('mkfifo', [join(dir.path, 'fifo')]);
    symlinkSync('loop2', join(dir.path, 'loop1'));
    symlinkSync('loop1', join(dir.path, 'loop2'));
    writeFileSync(
      join(dir.path, 'nginx.conf'),
      'include d;\ninclude fifo;\ninclude /dev/zero;\ninclude loop1;\n',
    );

    const config = parseConfig(join(dir.path, 'nginx.conf'));

    assert.deepEqual(
      config.errors.map((e) => `${e.line} ${e.message.replace(dir.path, 'T')}`),
      [
        '1 pread() "T/d" failed (21: Is a directory)',
        '2 "T/fifo" is not a regular file',
        '3 "/dev/zero" is not a regular file',
        '4 open() "T/loop1" failed (40: Too many levels of symbolic links)',
      ],
    );
  } finally {
    dir.cleanup();
  }
});

test('/dev/null, named or linked, is an empty file as nginx reads it, in a checkout too', () => {
  const dir = tempDir();

  try {
    symlinkSync('/dev/null', join(dir.path, 'off.conf'));
    writeFileSync(
      join(dir.path, 'nginx.conf'),
      'include /dev/null;\ninclude off.conf;\ninclude /dev/zero;\n',
    );

    for (const fs of [diskFileSystem, guardFileSystem(diskFileSystem, dir.path)]) {
      const config = parseConfig(join(dir.path, 'nginx.conf'), { fs });

      assert.deepEqual(
        config.files.map((f) => [f.path.replace(dir.path, 'T'), f.nodes.length]),
        [
          ['T/nginx.conf', 3],
          ['/dev/null', 0],
          ['T/off.conf', 0],
        ],
      );
      // Every other device is still refused (and, in a checkout, not even stat'ed).
      assert.deepEqual(
        config.errors.map((e) => `${e.line} ${e.kind}`),
        [fs === diskFileSystem ? '3 include' : '3 outside-root'],
      );
    }
  } finally {
    dir.cleanup();
  }
});

test('a path that goes on past a file is ENOTDIR, as the kernel tells nginx', () => {
  const dir = tempDir();

  try {
    mkdirSync(join(dir.path, 'sub'));
    writeFileSync(join(dir.path, 'a.conf'), 'user a;\n');
    writeFileSync(join(dir.path, 'sub', 'b.conf'), 'user b;\n');
    writeFileSync(
      join(dir.path, 'nginx.conf'),
      [
        'include a.conf/;',
        'include /dev/null/;',
        'include /dev/null/../null;',
        'include sub/./b.conf;',
        'include sub/../a.conf;',
        '',
      ].join('\n'),
    );

    const config = parseConfig(join(dir.path, 'nginx.conf'));

    assert.deepEqual(
      config.errors.map((e) => `${e.line} ${e.message.replace(dir.path, 'T')}`),
      [
        '1 open() "T/a.conf/" failed (20: Not a directory)',
        '2 open() "/dev/null/" failed (20: Not a directory)',
        '3 open() "/dev/null/../null" failed (20: Not a directory)',
      ],
    );
  } finally {
    dir.cleanup();
  }
});

test('a real unreadable file, read by an unprivileged user', (t) => {
  const probe = spawnSync('setpriv', ['--version']);

  if (probe.error || process.getuid?.() !== 0) {
    if (process.env.CI) assert.fail('setpriv as root is needed in CI');
    t.skip('needs root and setpriv (runs in CI)');

    return;
  }

  const dir = tempDir();

  try {
    chmodSync(dir.path, 0o755);
    writeFileSync(join(dir.path, 'nginx.conf'), 'include secret.conf;\n');
    writeFileSync(join(dir.path, 'secret.conf'), 'user x;\n');
    chmodSync(join(dir.path, 'nginx.conf'), 0o644);
    chmodSync(join(dir.path, 'secret.conf'), 0o600);

    const result = runCliAsNobody(['parse', 'nginx.conf'], { cwd: dir.path });
    const payload = JSON.parse(result.stdout);

    assert.equal(result.status, 1, result.stderr);
    assert.match(
      payload.errors[0].error,
      /^open\(\) ".*secret.conf" failed \(13: Permission denied\) in nginx.conf:1$/,
    );
  } finally {
    dir.cleanup();
  }
});
