// `ngxlint - --stdin-filename NAME` in a checkout: the root is the work tree holding the
// working directory, whatever NAME says, so an include of a file outside it is NGX008 and
// never read; and the source lines shown are stdin's, never those of NAME on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatNames } from '../../src/reporters/index.js';
import { runCli, tempDir } from '../helpers.js';

const SECRET = 'stdin_secret_9f3a71';

function fixture(t: { after: (fn: () => void) => void }) {
  const dir = tempDir('ngxlint-stdin-root-');

  t.after(dir.cleanup);

  const repo = join(dir.path, 'repo');
  const outside = join(dir.path, 'outside');

  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.conf'), `${SECRET} on;\n`);

  return { repo, outside };
}

for (const name of ['/etc/nginx/nginx.conf', '../elsewhere/nginx.conf', 'site/nginx.conf']) {
  test(`stdin named ${name}: an include outside the checkout is NGX008 in every format`, (t) => {
    const { repo, outside } = fixture(t);
    const input = `events {}\nhttp {\n    include ${join(outside, 'secret.conf')};\n}\n`;

    for (const format of formatNames()) {
      const r = runCli(['-', '--stdin-filename', name, '--format', format], { cwd: repo, input });

      assert.ok(r.status === 0 || r.status === 1, `${format}: ${r.stderr}`);
      assert.ok(
        !r.stdout.includes(SECRET) && !r.stderr.includes(SECRET),
        `${format}:\n${r.stdout}`,
      );
      assert.match(r.stdout, /NGX008/, format);
    }
  });
}

test('the caret excerpt shows the piped text, not the file of that name on disk', (t) => {
  const { repo } = fixture(t);

  writeFileSync(join(repo, 'site.conf'), `# ${SECRET}\nserver { listen 8080; }\n`);

  const input = 'events {}\nhttp { server { listen 81; } }\n';
  const r = runCli(['-', '--stdin-filename', 'site.conf'], { cwd: repo, input });

  assert.equal(r.status, 1, r.stderr);
  assert.ok(!r.stdout.includes(SECRET), r.stdout);
  assert.match(r.stdout, /1:1 {5}error {3}no server listens on port 80.*\n {5}1 \| events \{\}\n/);
  assert.match(r.stdout, /2:17 {4}warning nginx listens on port "81"/);
  assert.match(r.stdout, / {5}2 \| http \{ server \{ listen 81; \} \}\n {7}\| {17}\^{10}\n/);
});

test('a stdin name that stands for no file is one usage line, exit 2, nothing written', (t) => {
  const { repo } = fixture(t);

  mkdirSync(join(repo, 'sites'), { recursive: true });

  for (const name of ['', 'sites/', '.', 'sites/..', 'sites']) {
    const r = runCli(['-', '--stdin-filename', name, '--format', 'sarif'], {
      cwd: repo,
      input: 'server { listen 8080; }\n',
    });

    assert.equal(r.status, 2, `${JSON.stringify(name)}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      name === ''
        ? 'ngxlint: --stdin-filename needs a value\n'
        : `ngxlint: --stdin-filename "${name}" names no file\n`,
    );
  }
});
