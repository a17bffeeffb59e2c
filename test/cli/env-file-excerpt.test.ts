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

test('an env file that nginx includes, or a script read as one, shows no value anywhere', () => {
  const dir = tempDir();
  const formats = ['text', 'json', 'sarif', 'github', 'gitlab', 'compact', 'checkstyle', 'junit'];

  try {
    writeTree(dir.path, {
      'nginx/nginx.conf':
        'events {}\nhttp {\n    include ../conf.d/*.conf;\n    server {\n        listen 80;\n' +
        '        location / { proxy_pass http://127.0.0.1:8000; }\n    }\n}\n',
      // nginx reads it as directives (unknown ones, and one without its `;`): no message may
      // quote them, and no fix may touch them.
      'conf.d/secrets.conf': 'DB_PASSWORD=SECRET-A;\nUVICORN_PORT=8000\n}\n',
      // The unit's EnvironmentFile= is the same file, found by its path's suffix.
      'systemd/app.service':
        unit('/srv/app/venv/bin/uvicorn main:app --port 8000') +
        'EnvironmentFile=/srv/app/secrets.conf\nEnvironmentFile=/srv/app/start.sh\n',
      'srv/app/start.sh': '#!/bin/sh\nTOKEN=SECRET-B nohup uvicorn main:app --port 8001 &\n',
    });

    for (const format of formats) {
      const result = runCli(['--format', format, '.'], { cwd: dir.path });

      assert.equal(result.status, 1, result.stderr);
      assert.doesNotMatch(result.stdout + result.stderr, /SECRET-/, format);
    }

    const dry = runCli(['--fix-dry-run', '.'], { cwd: dir.path });

    assert.doesNotMatch(dry.stdout + dry.stderr, /SECRET-|^[-+]/m);
  } finally {
    dir.cleanup();
  }
});
