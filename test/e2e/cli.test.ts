// The built CLI as users run it: the example deployments in every format, exit codes, and
// usage errors as one line on stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIXTURES, REPO_ROOT, runCli, tempDir } from '../helpers.js';
import { expectedMarkers } from '../engine/markers.js';

const GOOD = join(FIXTURES, 'example', 'good');
const BROKEN = join(FIXTURES, 'example', 'broken');
const OURS = /^NGX(00[1-7]|30[1-5])$/;

/** Markers of this rules in the broken example, as `path:line CODE`. */
function expectedBroken(): string[] {
  return expectedMarkers(BROKEN).filter((m) => OURS.test(m.split(' ')[1]));
}

const shown = (file: string) => relative(realpathSync(BROKEN), realpathSync(join(REPO_ROOT, file)));

test('good example: exit 0 and no findings in text, json and sarif', () => {
  const text = runCli([GOOD]);

  assert.equal(text.status, 0, text.stderr);
  assert.equal(text.stdout, 'no problems\n');
  assert.match(
    text.stderr,
    /linting fixtures\/example\/good\/nginx\/nginx.conf: entry config found at nginx\/nginx.conf/,
  );

  const json = runCli([GOOD, '--format', 'json']);

  assert.equal(json.status, 0);
  assert.deepEqual(JSON.parse(json.stdout).findings, []);

  const sarif = runCli([GOOD, '--format', 'sarif']);

  assert.equal(sarif.status, 0);
  assert.deepEqual(JSON.parse(sarif.stdout).runs[0].results, []);
});

test('broken example: exit 1 and each expected rule at its line, in json, sarif and text', () => {
  const expected = expectedBroken();

  assert.ok(expected.length >= 9, expected.join('\n'));

  const json = runCli([BROKEN, '--format', 'json']);

  assert.equal(json.status, 1, json.stderr);

  const findings = JSON.parse(json.stdout).findings as Array<{
    ruleId: string;
    file: string;
    line: number;
  }>;
  const fromJson = findings
    .filter((f) => OURS.test(f.ruleId))
    .map((f) => `${shown(f.file)}:${f.line} ${f.ruleId}`);

  assert.deepEqual(fromJson.sort(), expected);

  const sarif = runCli([BROKEN, '--format', 'sarif']);
  const results = JSON.parse(sarif.stdout).runs[0].results as Array<{
    ruleId: string;
    locations: Array<{
      physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
    }>;
  }>;
  const fromSarif = results
    .filter((r) => OURS.test(r.ruleId))
    .map((r) => {
      const at = r.locations[0].physicalLocation;

      return `${shown(decodeURIComponent(at.artifactLocation.uri))}:${at.region.startLine} ${r.ruleId}`;
    });

  assert.equal(sarif.status, 1);
  assert.deepEqual(fromSarif.sort(), expected);

  const text = runCli([BROKEN]);

  assert.equal(text.status, 1);

  for (const marker of expected) {
    const [, line, code] = /:(\d+) (NGX\d+)$/.exec(marker)!;

    assert.match(text.stdout, new RegExp(`\\n  ${line}:\\d+ +\\w+ +.*${code}/`), marker);
  }

  assert.match(text.stdout, /\n\d+ problems \(\d+ errors?, \d+ warnings?, \d+ info\)\n$/);
});

test('--format F:FILE writes several formats at once; --output takes the one without a file', () => {
  const dir = tempDir();

  try {
    const sarif = join(dir.path, 'out.sarif');
    const json = join(dir.path, 'out.json');
    const r = runCli([
      BROKEN,
      '--format',
      'text',
      '--format',
      `sarif:${sarif}`,
      '--format',
      `json:${json}`,
    ]);

    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /NGX301\/single-listen-80/);
    assert.equal(JSON.parse(readFileSync(sarif, 'utf8')).version, '2.1.0');
    assert.equal(JSON.parse(readFileSync(json, 'utf8')).schemaVersion, 1);
    assert.deepEqual(
      readdirSync(dir.path).sort(),
      ['out.json', 'out.sarif'],
      'no temporary files left',
    );

    const output = join(dir.path, 'only.json');
    const viaOutput = runCli([BROKEN, '--format', 'json', '--output', output]);

    assert.equal(viaOutput.status, 1);
    assert.equal(viaOutput.stdout, '');
    assert.equal(JSON.parse(readFileSync(output, 'utf8')).schemaVersion, 1);

    const two = runCli([BROKEN, '--format', 'text', '--format', 'json']);

    assert.equal(two.status, 2);
    assert.match(two.stderr, /only one format can go to stdout or --output/);
  } finally {
    dir.cleanup();
  }
});

test('a failed run leaves no output file, not even a partial one', () => {
  const dir = tempDir();

  try {
    const out = join(dir.path, 'report.json');
    const r = runCli([join(dir.path, 'missing'), '--format', 'json', '--output', out]);

    assert.equal(r.status, 2);
    assert.equal(existsSync(out), false);

    const unwritable = runCli([
      GOOD,
      '--format',
      `json:${join(dir.path, 'no', 'such', 'dir.json')}`,
    ]);

    assert.equal(unwritable.status, 2);
    assert.ok(
      unwritable.stderr.endsWith(
        `\nngxlint: --format json:${join(dir.path, 'no', 'such', 'dir.json')}: cannot write it (its folder does not exist, ENOENT)\n`,
      ),
      unwritable.stderr,
    );
    assert.deepEqual(readdirSync(dir.path), []);
  } finally {
    dir.cleanup();
  }
});

test('usage errors are one line on stderr and exit 2', () => {
  const dir = tempDir();

  try {
    const badConfig = join(dir.path, 'ngxlint.config.json');

    writeFileSync(badConfig, '{\n  "app": { "port": 8000, "prot": 1 }\n}\n');

    const cases: Array<[string[], RegExp]> = [
      [['--bogus-flag', GOOD], /^ngxlint: unknown flag --bogus-flag \(see ngxlint --help\)\n$/],
      [[join(dir.path, 'nope')], /^ngxlint: PATH ".*nope" does not exist\n$/],
      [
        [GOOD, '--config', badConfig],
        /^ngxlint: .*ngxlint.config.json:2:26: unknown key "prot" in "app", accepted keys: port, alternatePort, launcher\n$/,
      ],
      [
        [GOOD, '--format', 'xml'],
        /^ngxlint: --format "xml" is not a format, expected one of text, json, sarif/,
      ],
      [
        [GOOD, '--fail-on', 'fatal'],
        /^ngxlint: --fail-on "fatal" is not accepted, expected one of error, warning, info, none\n$/,
      ],
      [
        [GOOD, '--rule', 'NGX999=error'],
        /^ngxlint: unknown rule "NGX999" in --rule \(see ngxlint rules for codes and names\)\n$/,
      ],
      [
        [GOOD, '--app-port', 'eighty'],
        /^ngxlint: --app-port "eighty" is not a port, expected a number from 1 to 65535\n$/,
      ],
      [
        [GOOD, '--context', 'nowhere'],
        /^ngxlint: --context "nowhere" is not a context, expected one of main, /,
      ],
      [[dir.path], /^ngxlint: PATH ".*" holds nothing to lint/],
    ];

    for (const [args, message] of cases) {
      const r = runCli(args);

      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }

    writeFileSync(badConfig, '{ "rules": { "single-listen-80": "fatal" } }');

    const severity = runCli([GOOD, '--config', badConfig]);

    assert.equal(severity.status, 2);
    assert.match(
      severity.stderr,
      /"rules.single-listen-80" is "fatal", expected one of "off", "info", "warning", "error"\n$/,
    );

    writeFileSync(badConfig, '{ "app": { "port": 8000, }');

    const syntax = runCli([GOOD, '--config', badConfig]);

    assert.equal(syntax.status, 2);
    assert.match(syntax.stderr, /ngxlint.config.json:1:26: invalid JSON: expected a quoted key\n$/);
  } finally {
    dir.cleanup();
  }
});

test('--fail-on and --rule change the exit code; UVICORN_PORT changes the policy', () => {
  const dir = tempDir();

  try {
    const conf = join(dir.path, 'nginx.conf');

    writeFileSync(
      conf,
      'events {}\nhttp {\n    server {\n        listen 80;\n        location / { proxy_pass http://127.0.0.1:8001; }\n    }\n}\n',
    );

    assert.equal(runCli([conf]).status, 1);
    assert.equal(runCli([conf, '--fail-on', 'none']).status, 0);
    assert.equal(runCli([conf, '--rule', 'proxy-pass-app-port=warning']).status, 0);
    assert.equal(runCli([conf, '--rule', 'NGX303=warning', '--fail-on', 'warning']).status, 1);
    assert.equal(runCli([conf, '--rule', 'NGX303=off', '--fail-on', 'info']).status, 0);
    assert.equal(runCli([conf], { env: { UVICORN_PORT: '8001' } }).status, 0);
    assert.equal(
      runCli([conf, '--uvicorn-port', '8000'], { env: { UVICORN_PORT: '8001' } }).status,
      1,
    );
  } finally {
    dir.cleanup();
  }

  const env = runCli([GOOD, '--format', 'json'], { env: { UVICORN_PORT: '8001' } });
  const findings = JSON.parse(env.stdout).findings as Array<{ ruleId: string; message: string }>;

  assert.equal(env.status, 1);
  assert.ok(
    findings.some(
      (f) => f.ruleId === 'NGX303' && f.message.includes('(UVICORN_PORT in the environment)'),
    ),
  );
});

test('stdin with --stdin-filename and --context; rules and explain come from the registry', () => {
  const r = runCli(
    ['-', '--stdin-filename', 'site.conf', '--context', 'http', '--format', 'json'],
    {
      input: 'server {\n    listen 80;\n    location / { proxy_pass http://127.0.0.1:8001; }\n}\n',
    },
  );

  assert.equal(r.status, 1, r.stderr);

  const finding = JSON.parse(r.stdout).findings[0];

  assert.deepEqual(
    [finding.ruleId, finding.file, finding.line, finding.column],
    ['NGX303', 'site.conf', 3, 18],
  );

  const rules = runCli(['rules']);

  assert.equal(rules.status, 0);
  assert.match(
    rules.stdout,
    /^NGX001  syntax-error +error +Disallow configuration that nginx cannot parse$/m,
  );
  assert.match(rules.stdout, /^NGX301  single-listen-80 +error +Require port 80/m);

  const explain = runCli(['explain', 'single-listen-80']);

  assert.equal(explain.status, 0);
  assert.ok(explain.stdout.startsWith('# NGX301 single-listen-80\n'));
  assert.equal(runCli(['explain', 'nope']).status, 2);
});

test('broken example: every finding outside the unit files is marked on its line', () => {
  // A unit file cannot carry a comment after a value: test/deploy/example.test.ts lists those.
  const json = runCli([BROKEN, '--format', 'json']);
  const found = (
    JSON.parse(json.stdout).findings as Array<{ ruleId: string; file: string; line: number }>
  )
    .map((f) => `${shown(f.file)}:${f.line} ${f.ruleId}`)
    .filter((f) => !f.startsWith('systemd/'));

  assert.deepEqual(
    found.sort(),
    expectedMarkers(BROKEN).filter((m) => !m.startsWith('systemd/')),
  );
});
