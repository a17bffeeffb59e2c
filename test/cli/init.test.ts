import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
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
