// `pre-commit try-repo` (Debian's pre-commit) runs the shipped hook on the example deployment
// in a throw-away git repository. The hook is `language: system`, so nothing is installed
// from the network: a shim named ngxlint on PATH runs the built CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, FIXTURES, REPO_ROOT, tempDir } from '../helpers.js';

const GIT = [
  '-c',
  'user.name=ngxlint test',
  '-c',
  'user.email=test@localhost',
  '-c',
  'commit.gpgsign=false',
];

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', [...GIT, ...args], { cwd, encoding: 'utf8' });

  assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
}

function preCommitMissing(): string | undefined {
  const result = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });

  return result.status === 0 ? undefined : 'pre-commit is not installed';
}

/** Runs `pre-commit try-repo HOOKS ngxlint --all-files` in a git copy of an example. */
function tryRepo(example: string) {
  const dir = tempDir('ngxlint-pre-commit-');
  const hooks = join(dir.path, 'hooks');
  const project = join(dir.path, 'project');
  const bin = join(dir.path, 'bin');

  try {
    mkdirSync(hooks);
    copyFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), join(hooks, '.pre-commit-hooks.yaml'));
    git(hooks, 'init', '-q');
    git(hooks, 'add', '.');
    git(hooks, 'commit', '-q', '-m', 'hooks');

    cpSync(join(FIXTURES, 'example', example), project, {
      recursive: true,
      verbatimSymlinks: true,
    });
    git(project, 'init', '-q');
    git(project, 'add', '.');
    git(project, 'commit', '-q', '-m', 'deployment');

    mkdirSync(bin);
    writeFileSync(join(bin, 'ngxlint'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'ngxlint'), 0o755);

    return spawnSync(
      'pre-commit',
      ['try-repo', hooks, 'ngxlint', '--all-files', '--color', 'never'],
      {
        cwd: project,
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          ...process.env,
          NO_COLOR: '1',
          PATH: `${bin}:${process.env.PATH}`,
          PRE_COMMIT_HOME: join(dir.path, 'cache'),
          HOME: dir.path,
          GIT_CONFIG_GLOBAL: '/dev/null',
        },
      },
    );
  } finally {
    dir.cleanup();
  }
}

const missing = preCommitMissing();

test('pre-commit try-repo fails the hook on the broken example and shows the findings', (t) => {
  if (missing) {
    assert.ok(!process.env.CI, `CI must run pre-commit: ${missing}`);
    t.skip(`SKIPPED: ${missing}`);

    return;
  }

  const result = tryRepo('broken');

  assert.equal(result.status, 1, `${result.stdout}${result.stderr}`);
  assert.match(result.stdout, /^ngxlint\.+Failed$/m);
  assert.match(result.stdout, /- exit code: 1/);
  assert.match(
    result.stdout,
    /3:2 +error +"listen 80 default_server" serves port 80 from a second file/,
  );
  assert.match(result.stdout, /NGX301\/single-listen-80/);
});

test('pre-commit try-repo passes the hook on the good example', (t) => {
  if (missing) {
    assert.ok(!process.env.CI, `CI must run pre-commit: ${missing}`);
    t.skip(`SKIPPED: ${missing}`);

    return;
  }

  const result = tryRepo('good');

  assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  assert.match(result.stdout, /^ngxlint\.+Passed$/m);
});
