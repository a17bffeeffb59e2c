import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { diskFileSystem, fsError, type FileSystem } from '../../src/include/fs.js';
import { lintTree } from '../engine/lint-tree.js';

const main = (body: string) => `events {}\nhttp {\n${body}}\n`;

test('NGX001: a missing ";" is a syntax error in nginx wording, and every error is reported', async () => {
  const r = await lintTree(
    {
      'nginx.conf': main(
        '    server {\n        listen 80\n    }\n    server { listen 80; }\n    }\n',
      ),
    },
    { only: ['NGX001'] },
  );

  assert.equal(r.findings.length, 2, r.summary.join('\n'));
  assert.equal(r.summary[0].split(' ')[1].split('-')[0], 'nginx.conf:5:5');
  assert.match(r.findings[0].message, /unexpected "}"/);
  assert.equal(r.findings[0].severity, 'error');
});

test('NGX002: a literal include of a missing file, at the include', async () => {
  const r = await lintTree(
    { 'nginx.conf': main('    include conf.d/app.conf;\n    include conf.d/*.missing;\n') },
    { only: ['NGX002', 'NGX007'] },
  );

  assert.deepEqual(r.summary, ['NGX002 nginx.conf:3:13-3:28 parseError']);
  assert.match(
    r.findings[0].message,
    /open\(\) ".*conf\.d\/app\.conf" failed \(2: No such file or directory\)/,
  );
});

test('NGX003: an include cycle is reported at the include that closes it', async () => {
  const r = await lintTree(
    {
      'nginx.conf': main('    include a.conf;\n'),
      'a.conf': 'include b.conf;\n',
      'b.conf': '\n  include a.conf;\n',
    },
    { only: ['NGX002', 'NGX003'] },
  );

  assert.deepEqual(r.summary, ['NGX003 b.conf:2:11-2:17 parseError']);
});

test('NGX004: a read error injected through the file system is a finding, not a crash', async () => {
  const denied: FileSystem = {
    ...diskFileSystem,
    readFile: (path) => {
      if (path.endsWith('secret.conf')) throw fsError('EACCES', 'open', path);

      return diskFileSystem.readFile(path);
    },
  };
  const r = await lintTree(
    { 'nginx.conf': main('    include secret.conf;\n'), 'secret.conf': 'server { listen 80; }\n' },
    { only: ['NGX004'], fs: denied },
  );

  assert.deepEqual(r.summary, ['NGX004 nginx.conf:3:13-3:24 parseError']);
  assert.match(r.findings[0].message, /13: Permission denied/);
});

test('NGX005: blocks nested past the parser limit', async () => {
  const depth = 260;
  const text = 'location / {\n'.repeat(depth) + '}\n'.repeat(depth);
  const r = await lintTree(
    { 'nginx.conf': main(`server {\nlisten 80;\n${text}}\n`) },
    { only: ['NGX005'] },
  );

  assert.equal(r.findings.length >= 1, true, 'no nesting finding');
  assert.equal(r.findings[0].ruleId, 'NGX005');
  assert.ok(
    r.findings[0].line > 100 && r.findings[0].line < depth + 10,
    String(r.findings[0].line),
  );
});

test('NGX006: invalid UTF-8 is a warning at the top of the file', async () => {
  const bytes = Buffer.concat([
    Buffer.from('events {}\nhttp { server { listen 80; return 200 "Caf'),
    Buffer.from([0xe9]),
    Buffer.from('"; } }\n'),
  ]);
  const r = await lintTree({ 'nginx.conf': bytes }, { only: ['NGX006', 'NGX001'] });

  assert.deepEqual(r.summary, ['NGX006 nginx.conf:1:1-1:1 invalidUtf8']);
  assert.equal(r.findings[0].severity, 'warning');
});

test('NGX007: a stock include absent from the tree is an info, not NGX002', async () => {
  const r = await lintTree(
    {
      'nginx/nginx.conf': main(
        '    include mime.types;\n    include /etc/nginx/proxy_params;\n    include snippets/ssl.conf;\n',
      ),
    },
    { only: ['NGX002', 'NGX007'] },
  );

  assert.deepEqual(r.summary, [
    'NGX007 nginx/nginx.conf:3:5-3:24 assumed',
    'NGX007 nginx/nginx.conf:4:5-4:37 assumed',
    'NGX007 nginx/nginx.conf:5:5-5:31 assumed',
  ]);
  assert.equal(
    r.findings[0].message,
    'include "mime.types" is not in the tree, assumed present as in every nginx install',
  );
  assert.deepEqual(
    r.findings.map((f) => f.severity),
    ['info', 'info', 'info'],
  );
});

test('NGX002, not NGX007: a snippet missing from a tree that ships its own snippets', async () => {
  const r = await lintTree(
    {
      'nginx/nginx.conf': main(
        '    include snippets/headers.conf;\n    include snippets/missing.conf;\n',
      ),
      'nginx/snippets/headers.conf': 'add_header X-Frame-Options DENY;\n',
    },
    { only: ['NGX002', 'NGX007'] },
  );

  assert.deepEqual(r.summary, ['NGX002 nginx/nginx.conf:4:13-4:34 parseError']);
});

test('an absolute /etc/nginx include resolves into the tree through the default path map', async () => {
  const r = await lintTree(
    {
      'nginx/nginx.conf': main('    include /etc/nginx/conf.d/*.conf;\n'),
      'nginx/conf.d/app.conf': 'server {\n    listen 8080;\n}\n',
    },
    { only: ['NGX002', 'NGX302'] },
  );

  assert.deepEqual(r.summary, ['NGX302 nginx/conf.d/app.conf:2:5-2:17 notAllowed']);
  assert.equal(join(r.root, 'nginx/conf.d/app.conf'), r.findings[0].file);
});
