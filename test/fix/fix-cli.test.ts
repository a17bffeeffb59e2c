import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { LintInputError } from '../../src/engine/errors.js';
import { lintWithFlags } from '../../src/fix/lint-flags.js';
import { diskWriteLayer, type WriteLayer } from '../../src/fix/write.js';
import { lint } from '../../src/lint.js';
import { runCli, tempDir } from '../helpers.js';

const NGINX_CONF =
  '# main config\r\nevents {\r\n\tworker_connections 512\r\n}\r\nhttp {\r\n\tinclude sites-enabled/*;\r\n}\r\n';
const APP_CONF = [
  'server {',
  '\tlisten 80;   # the only port 80',
  '\tserver_name example.org;',
  '\tlocation / {',
  '\t\t# ngxlint-disable-next-line NGX303 -- stale, fixed last year',
  '\t\tproxy_pass http://127.0.0.1:8000;',
  '\t\tproxy_set_header Host $host   # keep the host',
  '\t}',
  '}',
  '',
].join('\n');

/** A deployment with two missing semicolons (one in a CRLF file) and a stale suppression;
 * sites-enabled/app.conf is a link to sites-available. */
function makeTree(): { root: string; cleanup: () => void } {
  const dir = tempDir('ngxlint-fix-');
  const root = join(dir.path, 'site');
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  write('nginx/nginx.conf', NGINX_CONF);
  write('nginx/sites-available/app.conf', APP_CONF);
  chmodSync(join(root, 'nginx/sites-available/app.conf'), 0o640);
  mkdirSync(join(root, 'nginx/sites-enabled'));
  symlinkSync('../sites-available/app.conf', join(root, 'nginx/sites-enabled/app.conf'));
  spawnSync('git', ['init', '-q', root]);

  return { root, cleanup: dir.cleanup };
}

/** The leading unified diff of an output: its lines start with a diff marker. */
function diffPart(stdout: string): string {
  const lines = stdout.replace(/\n$/, '').split('\n');
  const end = lines.findIndex((line) => line !== '' && !/^[-+ @\\]/.test(line));

  return `${lines.slice(0, end === -1 ? lines.length : end).join('\n')}\n`;
}

function compact(root: string, extra: string[] = []) {
  return runCli(['.', '--format', 'compact', ...extra], { cwd: root });
}

test('--fix applies the certain fixes, keeps every other byte, and the tree then lints clean for them', () => {
  const { root, cleanup } = makeTree();

  try {
    const before = compact(root).stdout;

    assert.match(before, /nginx\/nginx.conf:4:1: error: unexpected "}" \[NGX001\/syntax-error\]/);
    assert.match(
      before,
      /sites-available\/app.conf:8:2: error: unexpected "}" \[NGX001\/syntax-error\]/,
    );
    assert.match(
      before,
      /sites-available\/app.conf:5:31: warning: "ngxlint-disable-next-line NGX303" suppresses nothing/,
    );

    const fixed = compact(root, ['--fix']);

    assert.doesNotMatch(fixed.stdout, /NGX001|NGX903/);
    assert.match(fixed.stderr, /fixed nginx\/nginx.conf/);
    assert.equal(
      readFileSync(join(root, 'nginx/nginx.conf'), 'utf8'),
      NGINX_CONF.replace('worker_connections 512', 'worker_connections 512;'),
    );
    assert.equal(
      readFileSync(join(root, 'nginx/sites-available/app.conf'), 'utf8'),
      APP_CONF.replace(
        '\t\t# ngxlint-disable-next-line NGX303 -- stale, fixed last year\n',
        '',
      ).replace('Host $host   #', 'Host $host;   #'),
    );

    const link = join(root, 'nginx/sites-enabled/app.conf');

    assert.ok(lstatSync(link).isSymbolicLink(), 'the sites-enabled link stays a link');
    assert.equal(readlinkSync(link), '../sites-available/app.conf');
    assert.equal(statSync(join(root, 'nginx/sites-available/app.conf')).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(join(root, 'nginx/sites-available')), ['app.conf']);

    const after = compact(root);

    assert.doesNotMatch(after.stdout, /NGX001|NGX903/);
  } finally {
    cleanup();
  }
});

test('--fix-dry-run prints the diff and writes nothing', () => {
  const { root, cleanup } = makeTree();

  try {
    const result = runCli(['.', '--fix-dry-run', '--format', 'compact'], { cwd: root });

    assert.equal(
      diffPart(result.stdout),
      [
        '--- a/nginx/nginx.conf',
        '+++ b/nginx/nginx.conf',
        '@@ -1,6 +1,6 @@',
        ' # main config\r',
        ' events {\r',
        '-\tworker_connections 512\r',
        '+\tworker_connections 512;\r',
        ' }\r',
        ' http {\r',
        ' \tinclude sites-enabled/*;\r',
        '--- a/nginx/sites-available/app.conf',
        '+++ b/nginx/sites-available/app.conf',
        '@@ -2,8 +2,7 @@',
        ' \tlisten 80;   # the only port 80',
        ' \tserver_name example.org;',
        ' \tlocation / {',
        '-\t\t# ngxlint-disable-next-line NGX303 -- stale, fixed last year',
        ' \t\tproxy_pass http://127.0.0.1:8000;',
        '-\t\tproxy_set_header Host $host   # keep the host',
        '+\t\tproxy_set_header Host $host;   # keep the host',
        ' \t}',
        ' }',
        '',
      ].join('\n'),
    );
    assert.match(result.stderr, /--fix-dry-run: 3 fixes would change 2 files; nothing was written/);
    assert.equal(readFileSync(join(root, 'nginx/nginx.conf'), 'utf8'), NGINX_CONF);
    assert.equal(readFileSync(join(root, 'nginx/sites-available/app.conf'), 'utf8'), APP_CONF);
  } finally {
    cleanup();
  }
});

test('a write that fails leaves the original untouched and is a clear error', async () => {
  const { root, cleanup } = makeTree();

  try {
    const failing: WriteLayer = {
      ...diskWriteLayer,
      rename: (from, to) => {
        if (to.endsWith('app.conf'))
          throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        diskWriteLayer.rename(from, to);
      },
    };
    const notes: string[] = [];

    await assert.rejects(
      lintWithFlags({ fix: true }, { paths: ['.'], cwd: root, env: {} }, lint, {
        write: () => {},
        note: (m) => notes.push(m),
        layer: failing,
      }),
      (error: Error) =>
        error instanceof LintInputError &&
        error.message ===
          'cannot write nginx/sites-available/app.conf (EIO): left unchanged, nothing else was affected',
    );
    assert.equal(readFileSync(join(root, 'nginx/sites-available/app.conf'), 'utf8'), APP_CONF);
    assert.deepEqual(readdirSync(join(root, 'nginx/sites-available')), ['app.conf']);
    assert.ok(lstatSync(join(root, 'nginx/sites-enabled/app.conf')).isSymbolicLink());
  } finally {
    cleanup();
  }
});

test('a file edited while the run went on is left with the edit, and said so', async () => {
  const { root, cleanup } = makeTree();
  const app = join(root, 'nginx/sites-available/app.conf');

  try {
    // Someone saves the file after ngxlint read it, before the fixed text is renamed over it.
    const editing: WriteLayer = {
      ...diskWriteLayer,
      createFile: (path, data, mode) => {
        if (path.includes('app.conf')) appendFileSync(app, '# saved meanwhile\n');
        diskWriteLayer.createFile(path, data, mode);
      },
    };
    const notes: string[] = [];

    await assert.rejects(
      lintWithFlags({ fix: true }, { paths: ['.'], cwd: root, env: {} }, lint, {
        write: () => {},
        note: (m) => notes.push(m),
        layer: editing,
      }),
      (error: Error) =>
        error instanceof LintInputError &&
        error.message ===
          'cannot write nginx/sites-available/app.conf (changed while ngxlint ran): left unchanged, nothing else was affected',
    );
    assert.equal(readFileSync(app, 'utf8'), `${APP_CONF}# saved meanwhile\n`);
    assert.deepEqual(readdirSync(join(root, 'nginx/sites-available')), ['app.conf']);
  } finally {
    cleanup();
  }
});

test('a file edited after it was linted is not fixed from its new text', async () => {
  const { root, cleanup } = makeTree();
  const app = join(root, 'nginx/sites-available/app.conf');

  try {
    // The edit lands after the lint read the file, before the fixes are worked out.
    const lintThenEdit: typeof lint = async (options) => {
      const result = await lint(options);

      if (!readFileSync(app, 'utf8').startsWith('#')) writeFileSync(app, `# moved\n${APP_CONF}`);

      return result;
    };

    await assert.rejects(
      lintWithFlags({ fix: true }, { paths: ['.'], cwd: root, env: {} }, lintThenEdit, {
        write: () => {},
        note: () => {},
      }),
      /cannot write nginx\/sites-available\/app\.conf \(changed while ngxlint ran\)/,
    );
    assert.equal(readFileSync(app, 'utf8'), `# moved\n${APP_CONF}`);
  } finally {
    cleanup();
  }
});

test('--fix and --fix-dry-run refuse stdin and each other', async () => {
  const run = (flags: { fix?: boolean; fixDryRun?: boolean }, paths: string[]) =>
    lintWithFlags(flags, { paths, cwd: '/nonexistent', env: {} }, lint, {
      write: () => {},
      note: () => {},
    });

  await assert.rejects(run({ fix: true }, ['-']), {
    message: '--fix and --fix-dry-run need files, not stdin (-)',
  });
  await assert.rejects(run({ fix: true, fixDryRun: true }, ['.']), {
    message: '--fix and --fix-dry-run exclude each other: give one',
  });
});

test('--fix turns "ssl on" into the ssl parameter of the listens, and NGX010 is gone', () => {
  const dir = tempDir('ngxlint-fix-ssl-');

  try {
    const conf = join(dir.path, 'nginx', 'nginx.conf');
    const before = [
      'events {}',
      'http {',
      '    server {',
      '        listen 80;',
      '        return 301 https://$host$request_uri;',
      '    }',
      '    server {',
      '        listen 443 default_server;',
      '        listen [::]:443;',
      '        ssl on;  ',
      '        server_name example.org;',
      '    }',
      '}',
      '',
    ].join('\n');

    mkdirSync(dirname(conf), { recursive: true });
    writeFileSync(conf, before);

    assert.match(
      compact(dir.path).stdout,
      /nginx\/nginx.conf:10:9: error: unknown directive "ssl"/,
    );

    const fixed = compact(dir.path, ['--fix']);

    assert.doesNotMatch(fixed.stdout, /NGX010/);
    assert.equal(
      readFileSync(conf, 'utf8'),
      before
        .replace('listen 443 default_server;', 'listen 443 ssl default_server;')
        .replace('listen [::]:443;', 'listen [::]:443 ssl;')
        .replace('        ssl on;  \n', ''),
    );
  } finally {
    dir.cleanup();
  }
});

test('--fix-dry-run reports the findings of the files as they are, and exits 1 as a lint does', () => {
  const dir = tempDir('ngxlint-fix-dry-');

  try {
    const text = 'events {}\nhttp { server { listen 80 }\n}\n';

    writeFileSync(join(dir.path, 'ms.conf'), text);

    const result = runCli(['--fix-dry-run', '--format', 'compact', 'ms.conf'], { cwd: dir.path });

    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      [
        '--- a/ms.conf',
        '+++ b/ms.conf',
        '@@ -1,3 +1,3 @@',
        ' events {}',
        '-http { server { listen 80 }',
        '+http { server { listen 80; }',
        ' }',
        'ms.conf:2:27: error: unexpected "}" [NGX001/syntax-error]',
        '',
      ].join('\n'),
    );
    assert.equal(readFileSync(join(dir.path, 'ms.conf'), 'utf8'), text);

    const fixed = runCli(['--fix', '--format', 'compact', 'ms.conf'], { cwd: dir.path });

    assert.equal(fixed.status, 0);
    assert.equal(fixed.stdout, '');
    assert.match(fixed.stderr, /fixed ms\.conf/);
  } finally {
    dir.cleanup();
  }
});

test('--fix writes nothing for a directive cut off after a backslash, and reports what is left', () => {
  const dir = tempDir('ngxlint-fix-bs-');

  try {
    const text = 'events {}\nhttp { server { listen 80; add_header X abc\\';

    writeFileSync(join(dir.path, 'b.conf'), text);

    const result = runCli(['--fix', '--format', 'compact', 'b.conf'], { cwd: dir.path });

    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      'b.conf:2:45: error: unexpected end of file, expecting ";" or "}" [NGX001/syntax-error]\n',
    );
    assert.doesNotMatch(result.stderr, /fixed/);
    assert.equal(readFileSync(join(dir.path, 'b.conf'), 'utf8'), text);
  } finally {
    dir.cleanup();
  }
});

test('--fix writes the tree file a mapped link leads to, and nothing outside the root', (t) => {
  const dir = tempDir('ngxlint-fix-');

  t.after(dir.cleanup);

  const root = join(dir.path, 'repo');
  const server = join(dir.path, 'server');
  const broken =
    'server {\n    listen 80;\n    location / { proxy_pass http://127.0.0.1:8000 }\n}\n';

  mkdirSync(join(root, 'nginx', 'sites-available'), { recursive: true });
  mkdirSync(join(root, 'nginx', 'sites-enabled'));
  mkdirSync(join(server, 'sites-available'), { recursive: true });
  writeFileSync(
    join(root, 'nginx', 'nginx.conf'),
    'events {}\nhttp {\n    include sites-enabled/*;\n}\n',
  );
  writeFileSync(join(root, 'nginx', 'sites-available', 'app'), broken);
  // The machine's copy of the site, which the link names as ln -s on the server made it.
  writeFileSync(join(server, 'sites-available', 'app'), broken);
  symlinkSync(join(server, 'sites-available', 'app'), join(root, 'nginx', 'sites-enabled', 'app'));

  const mapped = runCli(['.', '--map', `${server}=nginx`, '--fix', '--format', 'compact'], {
    cwd: root,
  });

  assert.equal(mapped.status, 0, mapped.stderr);
  assert.match(mapped.stderr, /fixed nginx\/sites-available\/app\n/);
  assert.match(readFileSync(join(root, 'nginx', 'sites-available', 'app'), 'utf8'), /8000; }/);
  assert.equal(readFileSync(join(server, 'sites-available', 'app'), 'utf8'), broken);

  // Unmapped, the link leads out of the tree: the fix is only offered, nothing is written.
  const outside = runCli(['.', '--fix', '--format', 'compact'], { cwd: root });

  assert.equal(outside.status, 1, outside.stderr);
  assert.doesNotMatch(outside.stderr, /fixed/);
  assert.equal(readFileSync(join(server, 'sites-available', 'app'), 'utf8'), broken);
  assert.match(
    runCli(['.'], { cwd: root }).stdout,
    /suggestion: Insert the ";" that ends the directive/,
  );
});
