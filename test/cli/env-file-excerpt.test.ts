import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeTree } from '../engine/lint-tree.js';
import { nginxTo, unit } from '../deploy/trees.js';
import { runCli, tempDir } from '../helpers.js';

test('the text format shows no line of an env file, whatever the name a unit gives it', () => {
  const dir = tempDir();

  try {
    writeTree(dir.path, {
      ...nginxTo(),
      'systemd/app.service': unit('/srv/app/venv/bin/uvicorn main:app --env-file /srv/app/secrets'),
      // python-dotenv cannot parse the first line: a finding there, whose line holds a secret.
      'srv/app/secrets': 'PASSWORD hunter2\nUVICORN_PORT=8000\n',
    });

    const result = runCli(['--map', '/srv/app=srv/app', '.'], { cwd: dir.path });

    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stdout,
      /srv\/app\/secrets\n {2}1:1 +error +env file: python-dotenv could not/,
    );
    assert.doesNotMatch(result.stdout, /hunter2/);
  } finally {
    dir.cleanup();
  }
});
