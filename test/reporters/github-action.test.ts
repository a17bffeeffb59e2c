// action.yml is checked against GitHub's documented metadata syntax (a schema written from the
// documentation), and its lint step's shell script runs here with the built CLI in place of
// `npx ngxlint@VERSION`. It is not run on GitHub.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { CLI, FIXTURES, REPO_ROOT, tempDir } from '../helpers.js';

interface Step {
  id?: string;
  run?: string;
  env?: Record<string, string>;
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { steps: Step[] };
};

test('action.yml fits the schema written from GitHub’s metadata syntax', () => {
  const schemaPath = join(FIXTURES, 'integrations', 'schemas', 'github-action.schema.json');
  const validate = new Ajv.default({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync(schemaPath, 'utf8')) as object,
  );

  assert.ok(validate(action), JSON.stringify(validate.errors, null, 2));
  assert.ok(
    !validate({ ...action, runs: { using: 'composite', steps: [{ run: 'x' }] } }),
    'a run step needs a shell',
  );
});

test('every input and step output the action refers to exists', () => {
  const text = readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8');
  const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));

  for (const [, name] of text.matchAll(/inputs\.([A-Za-z0-9_-]+)/g)) {
    assert.ok(name in action.inputs, `inputs.${name} is not declared`);
  }

  for (const [, id] of text.matchAll(/steps\.([A-Za-z0-9_-]+)\.outputs/g)) {
    assert.ok(ids.has(id), `step ${id} does not exist`);
  }
});

/** Runs the action's lint step as the runner would, with `npx` standing for the built CLI. */
function runLintStep(cwd: string, inputs: Record<string, string>) {
  const step = action.runs.steps.find((s) => s.id === 'lint')!;
  const bin = join(cwd, '..', 'bin');
  const output = join(cwd, '..', 'github-output');

  mkdirSync(bin, { recursive: true });
  // npx --yes ngxlint@VERSION ARGS…  becomes  node CLI ARGS…
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\nshift 2\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, 'npx'), 0o755);
  writeFileSync(output, '');

  const values = Object.fromEntries(
    Object.entries(action.inputs).map(([k, v]) => [k, inputs[k] ?? v.default ?? '']),
  );
  const env = Object.fromEntries(
    Object.entries(step.env ?? {}).map(([k, v]) => [
      k,
      v.replace(/\$\{\{ inputs\.([\w-]+) \}\}/, (_, n: string) => values[n]),
    ]),
  );
  const result = spawnSync('bash', ['-e', '-c', step.run!], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      PATH: `${bin}:${process.env.PATH}`,
      GITHUB_OUTPUT: output,
      ...env,
    },
  });

  return { ...result, output: readFileSync(output, 'utf8') };
}

test('the lint step annotates, writes SARIF and reports exit code 1 on the broken example', () => {
  const dir = tempDir('ngxlint-action-');

  try {
    const work = join(dir.path, 'work');

    cpSync(join(FIXTURES, 'example', 'broken'), work, { recursive: true, verbatimSymlinks: true });
    spawnSync('git', ['init', '-q', work]);

    const result = runLintStep(work, {});

    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.output, 'exit-code=1\n');
    assert.match(result.stdout, /^::error file=nginx\/sites-enabled\/default,line=3,/m);

    const sarif = JSON.parse(readFileSync(join(work, 'ngxlint.sarif'), 'utf8'));

    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.length > 0);
  } finally {
    dir.cleanup();
  }
});

test('the lint step fails itself on a usage error (exit 2), with nothing to upload', () => {
  const dir = tempDir('ngxlint-action-');

  try {
    const work = join(dir.path, 'work');

    cpSync(join(FIXTURES, 'example', 'good'), work, { recursive: true, verbatimSymlinks: true });

    const result = runLintStep(work, { args: '--bogus-flag' });

    assert.equal(result.status, 2);
    assert.equal(result.output, 'exit-code=2\n');
    assert.match(result.stderr, /unknown flag --bogus-flag/);
  } finally {
    dir.cleanup();
  }
});
