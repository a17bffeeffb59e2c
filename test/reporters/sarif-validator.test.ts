// Microsoft's SARIF validator (@microsoft/sarif-multitool, a .NET program) on ngxlint's SARIF:
// it must print no error and no warning. The test first makes sure the validator runs and
// catches a known mistake, so a clean result means something.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { FIXTURES, REPO_ROOT, tempDir } from '../helpers.js';
import { buildSarif } from './sarif-validator-run.js';

interface Validation {
  problems: string[];
  notes: string[];
}

const require = createRequire(join(REPO_ROOT, 'package.json'));

/** The platform binary the package's bin.js would start. */
function validatorBinary(): string | undefined {
  try {
    return require('@microsoft/sarif-multitool') as string;
  } catch {
    return undefined;
  }
}

let environment: Record<string, string | undefined> = { ...process.env };

/** Checks that the validator is there, executable, and starts; returns why not otherwise. */
function validatorProblem(binary: string | undefined): string | undefined {
  if (!binary || !existsSync(binary))
    return 'the @microsoft/sarif-multitool platform binary is not installed';

  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return `${binary} is not executable`;
  }

  const run = (env: Record<string, string | undefined>) =>
    spawnSync(binary, ['--version'], { env, encoding: 'utf8', timeout: 60_000 });
  let result = run(environment);

  // Without libicu .NET aborts at start; invariant globalization is its documented way out.
  if (result.status !== 0 && /ICU|libicu/i.test(`${result.stderr}${result.stdout}`)) {
    environment = { ...environment, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' };
    result = run(environment);
  }

  if (result.status !== 0 || !/SARIF Multitool/.test(result.stdout + result.stderr)) {
    return `the validator does not start (exit ${result.status}): ${result.stderr || result.error}`;
  }

  return undefined;
}

function validate(binary: string, sarif: string, name: string): Validation {
  const dir = tempDir('ngxlint-sarif-');

  try {
    const input = join(dir.path, `${name}.sarif`);
    const output = join(dir.path, 'validation.sarif');

    writeFileSync(input, sarif);

    const result = spawnSync(binary, ['validate', '--rule-kind', 'Sarif;Gh', '-o', output, input], {
      env: environment,
      encoding: 'utf8',
      timeout: 120_000,
    });

    assert.equal(result.status, 0, `validator failed to run: ${result.stdout}${result.stderr}`);

    const log = JSON.parse(readFileSync(output, 'utf8')) as {
      runs: {
        results?: {
          ruleId: string;
          level?: string;
          message: { id?: string; arguments?: string[] };
        }[];
      }[];
    };
    const results = log.runs.flatMap((r) => r.results ?? []);
    const describe = (r: (typeof results)[number]) =>
      `${r.ruleId} ${(r.message.arguments ?? []).join(' | ')}`;
    // SARIF's default level is warning.
    const problems = results.filter((r) => (r.level ?? 'warning') !== 'note' && r.level !== 'none');
    const printed = result.stdout.split('\n').filter((line) => /: (error|warning) /.test(line));

    return {
      problems: [...problems.map(describe), ...printed],
      notes: results.filter((r) => r.level === 'note').map(describe),
    };
  } finally {
    dir.cleanup();
  }
}

const binary = validatorBinary();
const unavailable = validatorProblem(binary);

function requireValidator(t: { skip: (message: string) => void }): boolean {
  if (!unavailable) return true;

  assert.ok(!process.env.CI, `CI must run the SARIF validator: ${unavailable}`);
  t.skip(`SKIPPED, SARIF validator unavailable: ${unavailable}`);

  return false;
}

test('the validator starts and catches a known mistake', (t) => {
  if (!requireValidator(t)) return;

  const bad = JSON.stringify({
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'x' } },
        results: [
          {
            ruleId: 'X1',
            message: { text: 'a message' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'a b.conf' },
                  region: { startLine: 1 },
                },
              },
            ],
          },
        ],
      },
    ],
  });
  const { problems } = validate(binary!, bad, 'canary');

  assert.ok(
    problems.some((p) => p.startsWith('SARIF1002')),
    `expected SARIF1002 (bad URI), got ${problems.join('\n')}`,
  );
  assert.ok(
    problems.some((p) => p.startsWith('SARIF2005')),
    `expected SARIF2005 (no informationUri), got ${problems.join('\n')}`,
  );
});

for (const example of ['broken', 'good']) {
  test(`SARIF of the example deployment (${example}) has no validator errors or warnings`, async (t) => {
    if (!requireValidator(t)) return;

    const { sarif, findings } = await buildSarif([join(FIXTURES, 'example', example)], REPO_ROOT);
    const { problems } = validate(binary!, sarif, example);

    if (example === 'broken') assert.ok(findings > 5, 'the broken example has findings');
    assert.deepEqual(problems, []);
  });
}

test('SARIF of a tree with names that need URI escaping, includes, suppressions and fixes validates', async (t) => {
  if (!requireValidator(t)) return;

  const dir = tempDir('ngxlint-sarif-tree-');

  try {
    const root = join(dir.path, 'déploiement prod');
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };

    write(
      'nginx/nginx.conf',
      'events {}\nhttp {\n    include "conf.d/*.conf";\n    include "sites-enabled/*";\n}\n',
    );
    write(
      'nginx/conf.d/zweite Datei: alt.conf',
      'server {\n    listen 80;\n    server_name alt;\n}\n',
    );
    write(
      'nginx/sites-available/café #1.conf',
      [
        'server {',
        '    listen 80 default_server;',
        '    location / {',
        '        # ngxlint-disable-next-line NGX304 -- kept for the legacy health check',
        '        proxy_pass http://localhost:8000;',
        '    }',
        '    location /api/ {',
        '        # ngxlint-disable-next-line NGX303',
        '        proxy_pass http://127.0.0.1:8001;',
        '    }',
        '    location /v2/ {',
        '        proxy_pass http://127.0.0.1:8001;',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
    mkdirSync(join(root, 'nginx/sites-enabled'), { recursive: true });
    symlinkSync('../sites-available/café #1.conf', join(root, 'nginx/sites-enabled/café #1.conf'));
    write('.env', 'UVICORN_PORT=8000\n');
    spawnSync('git', ['init', '-q', root]);

    const { sarif } = await buildSarif([root], root);
    const log = JSON.parse(sarif) as { runs: { results: Record<string, any>[] }[] };
    const results = log.runs[0].results;
    const uris = new Set(
      results.flatMap((r) =>
        [...r.locations, ...(r.relatedLocations ?? [])].map(
          (l: any) => l.physicalLocation.artifactLocation.uri,
        ),
      ),
    );

    assert.ok(uris.has('nginx/conf.d/zweite%20Datei%3A%20alt.conf'), [...uris].join(', '));
    assert.ok(
      [...uris].some((u) => u.includes('caf%C3%A9%20%231.conf')),
      [...uris].join(', '),
    );
    assert.ok(
      results.some(
        (r) => r.suppressions?.[0]?.kind === 'inSource' && r.suppressions[0].justification,
      ),
    );
    assert.ok(
      results.some((r) => r.ruleId === 'NGX901'),
      'a suppression without a reason is a finding',
    );
    assert.ok(
      results.some((r) => r.fixes?.length),
      'suggestions appear as SARIF fixes',
    );
    assert.ok(
      results.some((r) => r.relatedLocations?.length),
      'findings across includes carry related locations',
    );

    const { problems } = validate(binary!, sarif, 'uri-tree');

    assert.deepEqual(problems, []);
  } finally {
    dir.cleanup();
  }
});
