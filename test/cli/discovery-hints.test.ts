// When a plain `ngxlint` finds only sub-deployments, the exit-2 line names them and how to lint
// them; a site file given as FILE gets a note on how to read it inside http.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';

function dir(t: { after: (fn: () => void) => void }): string {
  const d = tempDir('ngxlint-hints-');

  t.after(d.cleanup);

  return d.path;
}

test('only a sub-deployment below: exit 2 names it and says ngxlint deploy', (t) => {
  const root = dir(t);

  mkdirSync(join(root, 'deploy', 'nginx'), { recursive: true });
  writeFileSync(join(root, 'deploy', 'nginx', 'nginx.conf'), 'events {}\n');

  const r = runCli([], { cwd: root });

  assert.equal(r.status, 2);
  assert.equal(
    r.stderr,
    'ngxlint: PATH "." holds nothing to lint of its own: deploy holds its own nginx.conf and was ' +
      'skipped as another deployment; lint it with ngxlint deploy\n',
  );

  mkdirSync(join(root, 'my site'));
  writeFileSync(join(root, 'my site', 'nginx.conf'), 'events {}\n');

  const two = runCli([], { cwd: root });

  assert.equal(two.status, 2);
  assert.match(
    two.stderr,
    /deploy, my site hold their own nginx\.conf .*; lint each with ngxlint deploy, ngxlint 'my site'\n$/,
  );
});

test('a FILE whose top-level directives belong inside http gets a --context note', (t) => {
  const root = dir(t);

  writeFileSync(
    join(root, 'site.conf'),
    '# a site\nupstream app { server 127.0.0.1:8000; }\nserver {\n    listen 80;\n}\n',
  );
  writeFileSync(
    join(root, 'declared.conf'),
    '# ngxlint: context=http\nserver {\n    listen 80;\n}\n',
  );
  writeFileSync(join(root, 'main.conf'), 'events {}\nhttp {\n    server { listen 80; }\n}\n');

  const site = runCli(['site.conf'], { cwd: root });

  assert.match(
    site.stderr,
    /^ngxlint: site\.conf: its top-level "upstream" belongs inside http, but a FILE is read in nginx's main context; give --context http or put "# ngxlint: context=http" at its top$/m,
  );

  for (const args of [['declared.conf'], ['main.conf'], ['site.conf', '--context', 'http']]) {
    const r = runCli(args, { cwd: root });

    assert.doesNotMatch(r.stderr, /belongs inside/, args.join(' '));
  }
});
