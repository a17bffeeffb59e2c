import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProjectConfig } from '../../src/config/load.js';
import { parseJsonWithPositions } from '../../src/config/json-positions.js';
import { LintInputError } from '../../src/engine/errors.js';
import { resolvePolicy } from '../../src/policy.js';
import { tempDir } from '../helpers.js';

async function configError(text: string): Promise<string> {
  const dir = tempDir();

  try {
    writeFileSync(join(dir.path, 'ngxlint.config.json'), text);
    await loadProjectConfig({ cwd: dir.path });
  } catch (error) {
    assert.ok(error instanceof LintInputError, String(error));

    return error.message;
  } finally {
    dir.cleanup();
  }

  throw new Error('the config was accepted');
}

test('the config is found upward from the working directory, and --config names another', async () => {
  const dir = tempDir();

  try {
    mkdirSync(join(dir.path, 'a', 'b'), { recursive: true });
    writeFileSync(
      join(dir.path, 'ngxlint.config.json'),
      '{\n  "app": {\n    "port": 8001\n  }\n}\n',
    );
    writeFileSync(join(dir.path, 'other.json'), '{ "nginx": { "ports": [80] } }');

    const found = await loadProjectConfig({ cwd: join(dir.path, 'a', 'b') });

    assert.equal(found.file, join(dir.path, 'ngxlint.config.json'));
    assert.equal(found.config.app?.port, 8001);
    assert.deepEqual(found.locate('/app/port'), {
      file: found.file,
      line: 3,
      column: 5,
      endLine: 3,
      endColumn: 11,
    });

    const named = await loadProjectConfig({
      cwd: join(dir.path, 'a'),
      configFile: '../other.json',
    });

    assert.deepEqual(named.config.nginx?.ports, [80]);
  } finally {
    dir.cleanup();
  }

  const none = await loadProjectConfig({ cwd: '/' });

  assert.deepEqual(none.config, {});
});

test('in a checkout the search stops at its top; a config linking out is refused', async (t) => {
  const dir = tempDir();

  t.after(dir.cleanup);

  const repo = join(dir.path, 'repo');

  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(join(repo, 'sub'));
  writeFileSync(join(dir.path, 'ngxlint.config.json'), '{ "app": { "port": 8001 } }');

  // Above the checkout: not read.
  assert.equal((await loadProjectConfig({ cwd: join(repo, 'sub') })).file, undefined);

  // A link to a JSON file outside: refused without reading it (its values would be printed).
  writeFileSync(join(dir.path, 'creds.json'), '{ "rules": { "NGX303": "SECRET-4f1d" } }');
  symlinkSync('../creds.json', join(repo, 'ngxlint.config.json'));
  await assert.rejects(
    loadProjectConfig({ cwd: join(repo, 'sub') }),
    (error: Error) =>
      error instanceof LintInputError &&
      error.message ===
        '../ngxlint.config.json leads outside the checkout, not read (name a config with --config)',
  );
});

test('errors name the bad key and the accepted values, at the key', async () => {
  assert.equal(
    await configError('{\n  "ap": {}\n}'),
    'ngxlint.config.json:2:3: unknown key "ap", accepted keys: $schema, app, nginx, pathMap, rules',
  );
  assert.equal(
    await configError('{ "rules": { "NGX999": "error" } }'),
    'ngxlint.config.json:1:14: unknown rule "NGX999" in "rules" (see ngxlint rules for codes and names)',
  );
  assert.equal(
    await configError('{ "rules": { "NGX301": ["error", { "scope": "everything" }] } }'),
    'ngxlint.config.json:1:36: "rules.NGX301.1.scope" is "everything", expected one of "file", "server"',
  );
  assert.equal(
    await configError('{ "app": { "port": 70000 } }'),
    'ngxlint.config.json:1:12: "app.port" must be <= 65535 (got 70000)',
  );
  assert.equal(
    await configError('{ "app": { "port": 8000 }'),
    'ngxlint.config.json:1:26: invalid JSON: expected "," or "}"',
  );
});

test('rules accept codes and names, a severity or [severity, options]', async () => {
  const dir = tempDir();

  try {
    writeFileSync(
      join(dir.path, 'ngxlint.config.json'),
      JSON.stringify({
        rules: { NGX302: 'off', 'single-listen-80': ['warning', { scope: 'server' }] },
      }),
    );

    const loaded = await loadProjectConfig({ cwd: dir.path });

    assert.deepEqual(loaded.config.rules, {
      NGX302: 'off',
      'single-listen-80': ['warning', { scope: 'server' }],
    });
  } finally {
    dir.cleanup();
  }
});

test('positions of a JSON document follow keys and array items', () => {
  const doc = parseJsonWithPositions('{\n  "a": [1,\n    {"b": true}]\n}');

  assert.deepEqual(doc.value, { a: [1, { b: true }] });
  assert.deepEqual(doc.positions.get('/a/1/b'), { line: 3, column: 6, endLine: 3, endColumn: 9 });
});

test('the port policy: flag, then UVICORN_PORT, then config, then launchers, then 8000', () => {
  const config = {
    file: '/p/ngxlint.config.json',
    config: { app: { port: 8002 } },
    locate: () => ({
      file: '/p/ngxlint.config.json',
      line: 3,
      column: 5,
      endLine: 3,
      endColumn: 11,
    }),
  };
  const bindings = [{ host: '127.0.0.1', port: 8005, label: 'uvicorn in app.service' }];

  assert.equal(resolvePolicy({}).appPort, 8000);
  assert.equal(resolvePolicy({}).appPortSources[0].kind, 'default');
  assert.equal(resolvePolicy({}).alternatePort, 8001);
  assert.deepEqual(resolvePolicy({}).nginxPorts, [80, 443]);
  assert.equal(resolvePolicy({ bindings }).appPort, 8005);
  assert.equal(resolvePolicy({ bindings, config }).appPort, 8002);
  assert.equal(resolvePolicy({ bindings, config }).appPortSources[0].location?.line, 3);
  assert.equal(resolvePolicy({ bindings, config, env: { UVICORN_PORT: '8001' } }).appPort, 8001);
  assert.equal(resolvePolicy({ env: { UVICORN_PORT: '8001' } }).alternatePort, 8000);

  const flagged = resolvePolicy({
    bindings,
    config,
    env: { UVICORN_PORT: '8001' },
    flag: { port: 9000, name: '--uvicorn-port' },
  });

  assert.equal(flagged.appPort, 9000);
  assert.deepEqual(flagged.appPortSources, [{ kind: 'flag', label: '--uvicorn-port' }]);
  assert.throws(
    () => resolvePolicy({ env: { UVICORN_PORT: 'abc' } }),
    /UVICORN_PORT in the environment is "abc", expected a port/,
  );
});

test('reserved keys are refused at the key, never applied through the prototype', async () => {
  assert.equal(
    await configError('{\n  "__proto__": { "app": { "port": 1 } }\n}'),
    'ngxlint.config.json:2:3: unknown key "__proto__", accepted keys: $schema, app, nginx, pathMap, rules',
  );
  assert.equal(
    await configError('{ "rules": { "__proto__": "error" } }'),
    'ngxlint.config.json:1:14: unknown rule "__proto__" in "rules" (see ngxlint rules for codes and names)',
  );
  assert.equal(
    await configError('{ "rules": { "constructor": "off" } }'),
    'ngxlint.config.json:1:14: unknown rule "constructor" in "rules" (see ngxlint rules for codes and names)',
  );
  assert.equal(
    await configError('{ "app": { "prototype": 8000 } }'),
    'ngxlint.config.json:1:12: unknown key "prototype" in "app", accepted keys: port, alternatePort, launcher',
  );
  assert.equal(
    await configError('{ "pathMap": { "/etc/nginx": "n", "__proto__": "x" } }'),
    'ngxlint.config.json:1:35: key "__proto__" in "pathMap" is not accepted (a reserved name)',
  );

  const doc = parseJsonWithPositions('{ "__proto__": { "port": 1 } }').value as Record<
    string,
    unknown
  >;

  assert.equal(Object.getPrototypeOf(doc), Object.prototype);
  assert.deepEqual(Object.keys(doc), ['__proto__']);
  assert.equal((doc as { port?: number }).port, undefined);
});

test('values are shown as written, an empty nginx.ports and an alternate equal to the port are refused', async () => {
  assert.equal(
    await configError('{ "app": { "port": 1e400 } }'),
    'ngxlint.config.json:1:12: "app.port" must be integer (got 1e400)',
  );
  assert.equal(
    await configError('{ "nginx": {\n  "ports": [] } }'),
    'ngxlint.config.json:2:3: "nginx.ports" must NOT have fewer than 1 items (got [])',
  );
  assert.equal(
    await configError('{ "app": {\n  "port": 8000,\n  "alternatePort": 8000 } }'),
    'ngxlint.config.json:3:3: "app.alternatePort" is 8000, expected a port other than app.port',
  );
});

test('the alternate port is never the app port: a flag or UVICORN_PORT on it swaps the pair', () => {
  const config = {
    file: '/p/ngxlint.config.json',
    config: { app: { port: 8000, alternatePort: 9001 } },
    locate: (pointer: string) => ({
      file: '/p/ngxlint.config.json',
      line: pointer === '/app/port' ? 2 : 3,
      column: 3,
      endLine: 1,
      endColumn: 1,
    }),
  };
  const swapped = resolvePolicy({ config, flag: { port: 9001, name: '--app-port' } });

  assert.equal(swapped.appPort, 9001);
  assert.equal(swapped.alternatePort, 8000);
  assert.equal(swapped.alternatePortSources?.[0].label, 'app.port in the project config');
  assert.equal(swapped.alternatePortSources?.[0].location?.line, 2);

  const alternateOnly = { ...config, config: { app: { alternatePort: 8000 } } };

  assert.deepEqual(
    [
      resolvePolicy({ config: alternateOnly }).appPort,
      resolvePolicy({ config: alternateOnly }).alternatePort,
    ],
    [8000, 8001],
  );
  assert.equal(
    resolvePolicy({ config: alternateOnly, env: { UVICORN_PORT: '8001' } }).alternatePort,
    8000,
  );
});
