// The package as users get it: packed with npm, installed from the tarball into an empty
// folder (offline, from the npm cache that `npm ci` filled), and its bin run on the example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BUILD_ROOT, FIXTURES, REPO_ROOT, tempDir } from '../helpers.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command: string, args: string[], cwd: string) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };

  delete env.UVICORN_PORT;

  return spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

test(
  'npm pack, install the tarball in an empty folder, run ngxlint on the example',
  { timeout: 300_000 },
  () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

    assert.equal(pkg.bin.ngxlint, 'dist/bin/ngxlint.js');
    assert.ok(
      pkg.files.includes('dist/src') && pkg.files.includes('schemas'),
      'files lists the build and schemas',
    );
    assert.match(pkg.engines.node, /^>=20/);

    const work = tempDir('ngxlint-pack-');

    try {
      // Stage the package from this test's own build, so a private --outDir build packs too.
      const stage = join(work.path, 'stage');

      mkdirSync(join(stage, 'dist'), { recursive: true });

      for (const name of ['package.json', 'README.md', 'docs', 'schemas']) {
        cpSync(join(REPO_ROOT, name), join(stage, name), { recursive: true });
      }

      for (const name of ['bin', 'src', 'rules']) {
        cpSync(join(BUILD_ROOT, name), join(stage, 'dist', name), { recursive: true });
      }

      const packed = run(npm, ['pack', '--silent', '--pack-destination', work.path], stage);

      assert.equal(packed.status, 0, packed.stderr);

      const tarball = join(
        work.path,
        readdirSync(work.path).find((f) => f.endsWith('.tgz'))!,
      );
      const app = join(work.path, 'app');

      mkdirSync(app);

      const installed = run(
        npm,
        ['install', '--offline', '--no-audit', '--no-fund', '--silent', tarball],
        app,
      );

      assert.equal(installed.status, 0, `offline install failed:\n${installed.stderr}`);

      const bin = join(app, 'node_modules', '.bin', 'ngxlint');
      const version = run(bin, ['--version'], app);

      assert.equal(version.stdout.trim(), pkg.version);

      const broken = run(bin, [join(FIXTURES, 'example', 'broken'), '--format', 'json'], app);

      assert.equal(broken.status, 1, broken.stderr);
      assert.ok(
        JSON.parse(broken.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'NGX301'),
      );

      const good = run(bin, [join(FIXTURES, 'example', 'good')], app);

      assert.equal(good.status, 0, good.stdout + good.stderr);

      const explain = run(bin, ['explain', 'NGX301'], app);

      assert.match(explain.stdout, /^# NGX301 single-listen-80/);
    } finally {
      work.cleanup();
    }
  },
);
