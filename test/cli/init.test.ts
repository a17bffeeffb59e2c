import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { writeTree } from '../engine/lint-tree.js';
import { REPO_ROOT, runCli, tempDir } from '../helpers.js';

test('init writes a starter config that its own schema and the lint command accept', () => {
  const dir = tempDir('ngxlint-init-');

  try {
    const result = runCli(['init', '--app-port', '8001'], { cwd: dir.path });

    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.deepEqual(readdirSync(dir.path), ['ngxlint.config.json']);

    const config = JSON.parse(readFileSync(join(dir.path, 'ngxlint.config.json'), 'utf8'));
    const schema = JSON.parse(
      readFileSync(join(REPO_ROOT, 'schemas', 'ngxlint.config.schema.json'), 'utf8'),
    );
    const validate = new Ajv.default({ strict: false }).compile(schema);

    // An editor resolves $schema against the config's folder: in an installed package it is
    // the shipped schema file (package.json "files" carries schemas/), never an HTML page.
    assert.equal(config.$schema, './node_modules/ngxlint/schemas/ngxlint.config.schema.json');
    assert.ok(
      JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).files.includes('schemas'),
    );
    mkdirSync(join(dir.path, 'node_modules', 'ngxlint', 'schemas'), { recursive: true });
    copyFileSync(
      join(REPO_ROOT, 'schemas', 'ngxlint.config.schema.json'),
      resolve(dir.path, config.$schema),
    );
    assert.deepEqual(JSON.parse(readFileSync(resolve(dir.path, config.$schema), 'utf8')), schema);
    assert.match(
      result.stderr,
      /its "\$schema" is \.\/node_modules\/ngxlint\/schemas\/ngxlint\.config\.schema\.json: editors find it once ngxlint is installed/,
    );
    assert.deepEqual(config.app, { port: 8001, alternatePort: 8000 });
    assert.ok(validate(config), JSON.stringify(validate.errors));

    writeFileSync(join(dir.path, 'nginx.conf'), 'events {}\nhttp { server { listen 80; } }\n');

    const lint = runCli(['.', '--format', 'json'], { cwd: dir.path });

    assert.notEqual(lint.status, 2, lint.stderr);
  } finally {
    dir.cleanup();
  }
});

test('init refuses to overwrite an existing config and leaves it as it was', () => {
  const dir = tempDir('ngxlint-init-');

  try {
    const file = join(dir.path, 'ngxlint.config.json');

    writeFileSync(file, '{ "app": { "port": 9000 } }\n');

    const result = runCli(['init'], { cwd: dir.path });

    assert.equal(result.status, 2);
    assert.equal(
      result.stderr,
      `ngxlint: init: ${file} already exists, left unchanged (edit it, or remove it first)\n`,
    );
    assert.equal(readFileSync(file, 'utf8'), '{ "app": { "port": 9000 } }\n');
    assert.deepEqual(readdirSync(dir.path), ['ngxlint.config.json']);
  } finally {
    dir.cleanup();
  }
});

test('init takes app.port from the launchers: the next lint of an 8001 deployment is clean', () => {
  const dir = tempDir('ngxlint-init-');
  const nginx =
    'events {}\nhttp {\n    server {\n        listen 80;\n' +
    '        location / { proxy_pass http://127.0.0.1:8001; }\n    }\n}\n';
  const unit =
    '[Service]\nWorkingDirectory=/srv/app\nEnvironmentFile=/srv/app/.env\n' +
    'ExecStart=/srv/app/venv/bin/uvicorn main:app\n';
  const configOf = () => JSON.parse(readFileSync(join(dir.path, 'ngxlint.config.json'), 'utf8'));

  try {
    writeTree(dir.path, {
      'nginx/nginx.conf': nginx,
      'app.service': unit,
      'app/.env': 'UVICORN_PORT=8001\n',
    });

    const init = runCli(['init'], { cwd: dir.path });

    assert.equal(init.status, 0, init.stderr);
    assert.deepEqual(configOf().app, { port: 8001, alternatePort: 8000 });
    assert.match(
      init.stderr,
      /app\.port 8001 is the port the app's launchers bind: uvicorn started by ExecStart= in app\.service \(app\.service:4\), UVICORN_PORT \(app\/\.env:1\)\n/,
    );

    const lint = runCli(['.', '--format', 'json'], { cwd: dir.path });

    assert.equal(lint.status, 0, lint.stdout + lint.stderr);

    // A --port flag in a script is a launcher's port too.
    rmSync(join(dir.path, 'ngxlint.config.json'));
    rmSync(join(dir.path, 'app.service'));
    writeTree(dir.path, { 'start.sh': '#!/bin/sh\nexec uvicorn main:app --port 8001\n' });
    assert.equal(runCli(['init'], { cwd: dir.path }).status, 0);
    assert.deepEqual(configOf().app, { port: 8001, alternatePort: 8000 });
  } finally {
    dir.cleanup();
  }
});

test('init leaves app.port out when no launcher sets it', () => {
  const dir = tempDir('ngxlint-init-');

  try {
    writeFileSync(join(dir.path, 'nginx.conf'), 'events {}\nhttp { server { listen 80; } }\n');

    const init = runCli(['init'], { cwd: dir.path });
    const config = JSON.parse(readFileSync(join(dir.path, 'ngxlint.config.json'), 'utf8'));

    assert.equal(init.status, 0, init.stderr);
    assert.equal(config.app, undefined);
    assert.deepEqual(config.nginx, { ports: [80, 443] });
    assert.match(init.stderr, /app\.port left out: no launcher found sets the app's port/);
  } finally {
    dir.cleanup();
  }
});
