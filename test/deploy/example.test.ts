// The bundled example deployment through the built CLI: the deployment rules stay silent on
// good/, fire at their lines on broken/, point SARIF at the launcher with the nginx side
// related, and no output format ever carries a value of an env file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatNames } from '../../src/reporters/index.js';
import { writeTree } from '../engine/lint-tree.js';
import { FIXTURES, runCli, tempDir } from '../helpers.js';
import { nginxTo } from './trees.js';

const DEPLOY_RULE = /^NGX3(1\d)$/;

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  related: Array<{ file: string; line: number }>;
}

function lintJson(path: string): JsonFinding[] {
  const result = runCli([path, '--format', 'json']);

  assert.ok(result.status === 0 || result.status === 1, result.stderr);

  return (JSON.parse(result.stdout).findings as JsonFinding[]).filter((f) =>
    DEPLOY_RULE.test(f.ruleId),
  );
}

test('fixtures/example/good: no finding of the deployment rules', () => {
  assert.deepEqual(lintJson(join(FIXTURES, 'example/good')), []);
});

test('fixtures/example/broken: each deployment rule fires at its launcher line', () => {
  const found = lintJson(join(FIXTURES, 'example/broken')).map(
    (f) => `${f.ruleId} ${f.file.split('example/broken/')[1]}:${f.line}`,
  );

  assert.deepEqual(found.sort(), [
    'NGX310 restart.sh:5',
    'NGX310 start.sh:5',
    'NGX310 systemd/web.service:8',
    'NGX311 restart.sh:5',
    'NGX311 start.sh:5',
    'NGX312 systemd/web.service:8',
    'NGX313 start.sh:5',
    'NGX314 systemd/web.service:8',
    'NGX315 systemd/web.service:8',
    'NGX316 systemd/web.service:10',
  ]);
});

test('SARIF: launcher findings point at the launcher line with the nginx side related', () => {
  const result = runCli([join(FIXTURES, 'example/broken'), '--format', 'sarif']);
  const sarif = JSON.parse(result.stdout);
  const results = sarif.runs[0].results.filter((r: { ruleId: string }) =>
    /^NGX31[0-5]$/.test(r.ruleId),
  );

  assert.ok(results.length >= 9);

  for (const r of results) {
    const location = r.locations[0].physicalLocation;
    const related = (r.relatedLocations ?? []).map(
      (l: { physicalLocation: { artifactLocation: { uri: string } } }) =>
        l.physicalLocation.artifactLocation.uri,
    );

    assert.match(location.artifactLocation.uri, /(start|restart)\.sh$|\.service$/);
    assert.ok(location.region.startLine > 0);

    if (r.ruleId !== 'NGX316') {
      assert.ok(
        related.some((uri: string) => uri.includes('nginx/')),
        `${r.ruleId} relates the nginx side`,
      );
    }
  }
});

test('an env file secret appears in no output format', () => {
  const secret = 'hunter2-Sup3rS3cret-value';
  const dir = tempDir();

  try {
    writeTree(dir.path, {
      ...nginxTo(),
      'systemd/app.service':
        '[Service]\nWorkingDirectory=/srv/app\nEnvironmentFile=/srv/app/.env\nExecStart=/srv/app/venv/bin/uvicorn main:app --host 0.0.0.0\n',
      'app/.env': `UVICORN_PORT=8001\nSECRET_KEY=${secret}\nbroken line ${secret}\nUVICORN_HOST=${secret}\n`,
      'start.sh': `#!/bin/sh\n. /srv/app/.env\nexport UVICORN_PORT UVICORN_HOST\nuvicorn main:app --port "$UVICORN_PORT" &\n`,
    });

    const names = formatNames();

    assert.ok(names.includes('text') && names.includes('json') && names.includes('sarif'));

    // One run writes every format to its own file.
    const outputs = names.map((format) => ({ format, path: join(dir.path, `out.${format}`) }));
    const result = runCli([
      dir.path,
      '--root',
      dir.path,
      ...outputs.flatMap((o) => ['--format', `${o.format}:${o.path}`]),
    ]);

    assert.equal(result.status, 1, result.stderr);
    assert.ok(!result.stderr.includes(secret), 'stderr holds the secret');
    assert.ok(!result.stdout.includes(secret), 'stdout holds the secret');

    for (const { format, path } of outputs) {
      const text = readFileSync(path, 'utf8');

      assert.match(text, /NGX31[23]/, `${format} reports the launcher findings`);
      assert.ok(!text.includes(secret), `${format} output holds the secret`);
    }
  } finally {
    dir.cleanup();
  }
});
