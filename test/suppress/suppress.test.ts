import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/engine/types.js';
import { resolveRuleSettings } from '../../src/engine/settings.js';
import { applySuppressions, type SuppressionSource } from '../../src/suppress/index.js';
import { finding, memoryFs, ROOT, RULES } from './helpers.js';

const NGINX = `${ROOT}/nginx/sites-enabled/app.conf`;

function run(
  files: Record<string, string>,
  findings: Finding[],
  sources: SuppressionSource[] = [{ path: NGINX, syntax: 'nginx' }],
  overrides: string[] = [],
): Finding[] {
  return applySuppressions({
    findings,
    sources,
    rules: RULES,
    settings: resolveRuleSettings(RULES, {}, overrides),
    root: ROOT,
    fs: memoryFs(files),
  });
}

/** The findings that are not about suppressions, in the order returned. */
function linted(results: Finding[]): Finding[] {
  return results.filter((f) => !f.ruleId.startsWith('NGX9'));
}

/** [ruleId, line, column, endColumn] of the suppression findings, in order. */
function problems(results: Finding[]): [string, number, number, number][] {
  return results
    .filter((f) => f.ruleId.startsWith('NGX9'))
    .map((f) => [f.ruleId, f.line, f.column, f.endColumn]);
}

test('disable-next-line by code hides the next line only and keeps the reason', () => {
  const text = [
    'server {',
    '    # ngxlint-disable-next-line NGX301 -- the redirect host shares port 80',
    '    listen 80;',
    '    listen 80;',
    '}',
  ].join('\n');
  const results = run({ [NGINX]: text }, [
    finding('NGX301', NGINX, 3, 5),
    finding('NGX301', NGINX, 4, 5),
  ]);

  assert.deepEqual(results[0].suppressed, {
    kind: 'inline',
    justification: 'the redirect host shares port 80',
    location: { file: NGINX, line: 2, column: 5, endLine: 2, endColumn: 75 },
  });
  assert.equal(results[1].suppressed, undefined);
  assert.deepEqual(problems(results), []);
});

test('disable-next-line by name, several names, and stacked comments all reach the code line', () => {
  const text = [
    '# ngxlint-disable-next-line single-listen-80 -- one',
    '# ngxlint-disable-next-line NGX303, NGX312 -- two',
    'listen 80; proxy_pass http://127.0.0.1:8001;',
  ].join('\n');
  const results = run({ [NGINX]: text }, [
    finding('NGX301', NGINX, 3, 1),
    finding('NGX303', NGINX, 3, 12),
  ]);

  assert.deepEqual(
    linted(results).map((f) => f.suppressed?.justification),
    ['one', 'two'],
  );
  assert.deepEqual(problems(results), [['NGX903', 2, 37, 43]]);
  assert.equal(
    results[0].message,
    '"ngxlint-disable-next-line NGX312" suppresses nothing, expected a "NGX312" finding on line 3',
  );
  assert.equal(results[0].fixes, undefined, 'a partly used comment is not removed');
});

test('disable ... enable covers the lines between, for the named rule only', () => {
  const text = [
    'http {',
    '  # ngxlint-disable NGX301 -- legacy hosts, removed in the next release',
    '  server { listen 80; }',
    '  server { listen 80; proxy_pass http://127.0.0.1:8001; }',
    '  # ngxlint-enable NGX301',
    '  server { listen 80; }',
    '}',
  ].join('\n');
  const results = run({ [NGINX]: text }, [
    finding('NGX301', NGINX, 3, 12),
    finding('NGX301', NGINX, 4, 12),
    finding('NGX303', NGINX, 4, 23),
    finding('NGX301', NGINX, 6, 12),
  ]);

  assert.deepEqual(
    results.map((f) => Boolean(f.suppressed)),
    [true, true, false, false],
  );
  assert.deepEqual(problems(results), []);
});

test('a disable without enable runs to the end of the file; disable-line covers its own line', () => {
  const text = [
    'listen 80; # ngxlint-disable-line NGX301 -- trailing',
    '# ngxlint-disable NGX303 -- rest',
    'a;',
    'b;',
  ].join('\n');
  const results = run({ [NGINX]: text }, [
    finding('NGX301', NGINX, 1, 1),
    finding('NGX303', NGINX, 4, 1),
    finding('NGX303', NGINX, 1, 1),
  ]);

  assert.deepEqual(
    results.map((f) => [f.ruleId, f.line, f.suppressed?.justification]),
    [
      ['NGX301', 1, 'trailing'],
      ['NGX303', 1, undefined],
      ['NGX303', 4, 'rest'],
    ],
  );
});

test('a marker inside a quoted nginx string is not a comment', () => {
  const text = [
    'return 200 "# ngxlint-disable-next-line NGX301 -- not a comment";',
    'listen 80;',
    "add_header X 'a # ngxlint-disable-line NGX301 -- nope'; listen 80;",
  ].join('\n');
  const results = run({ [NGINX]: text }, [
    finding('NGX301', NGINX, 2, 1),
    finding('NGX301', NGINX, 3, 58),
  ]);

  assert.deepEqual(
    results.map((f) => f.suppressed),
    [undefined, undefined],
  );
  assert.deepEqual(problems(results), []);
});

test('misuse: no reason (still suppresses), unknown rule, no rule, unused, unmatched enable', () => {
  const text = [
    '# ngxlint-disable-next-line NGX301',
    'listen 80;',
    '# ngxlint-disable-next-line NGX399 -- typo',
    'listen 80;',
    '# ngxlint-disable-next-line -- forgot the name',
    '# ngxlint-disable-next-line NGX303 -- nothing to hide',
    'listen 80;',
    '# ngxlint-enable single-listen-80',
  ].join('\n');
  const results = run({ [NGINX]: text }, [
    finding('NGX301', NGINX, 2),
    finding('NGX301', NGINX, 4),
  ]);

  const [first, second] = linted(results);

  assert.equal(first.suppressed?.kind, 'inline');
  assert.equal(first.suppressed?.justification, undefined);
  assert.equal(second.suppressed, undefined);
  assert.deepEqual(problems(results), [
    ['NGX901', 1, 1, 35],
    ['NGX902', 3, 29, 35],
    ['NGX902', 5, 1, 47],
    ['NGX903', 6, 29, 35],
    ['NGX903', 8, 18, 34],
  ]);
  assert.deepEqual(
    results.filter((f) => f.ruleId.startsWith('NGX9')).map((f) => f.message),
    [
      'suppression of "NGX301" gives no reason, expected "-- reason" after the rule',
      'suppression names "NGX399", expected a rule code such as "NGX301" or a name such as "single-listen-80"',
      '"ngxlint-disable-next-line" names no rule, expected a rule code or name before "--"',
      '"ngxlint-disable-next-line NGX303" suppresses nothing, expected a "NGX303" finding on line 7',
      '"ngxlint-enable single-listen-80" ends no suppression, expected "ngxlint-disable single-listen-80" above it',
    ],
  );
  assert.equal(new Set(results.map((f) => f.fingerprint)).size, results.length);
});

test('a misspelt rule in a suppression gets the nearest rule as a hint', () => {
  const text =
    '# ngxlint-disable-next-line single-listen-8O -- typo\na;\n# ngxlint-disable-next-line NGX31 -- typo\nb;\n';
  const messages = run({ [NGINX]: text }, [])
    .filter((f) => f.ruleId === 'NGX902')
    .map((f) => f.message.split('a name such as "single-listen-80"')[1]);

  assert.deepEqual(messages, ['; did you mean "single-listen-80"?', '; did you mean "NGX301"?']);
});

test('an unused suppression carries a certain fix that deletes its line', () => {
  const text =
    'a;\n    # ngxlint-disable-next-line NGX301 -- stale\nb;\nc; # ngxlint-disable-line NGX303 -- stale\n';
  const results = run({ [NGINX]: text }, []);

  assert.deepEqual(
    results.map((f) => f.fixes?.[0].edits[0].range),
    [
      { line: 2, column: 1, endLine: 3, endColumn: 1 },
      { line: 4, column: 3, endLine: 4, endColumn: 42 },
    ],
  );
  assert.ok(results.every((f) => f.fixes?.[0].certain));
});

test('rules that are off: their suppressions are not unused, and NGX9xx can be turned off', () => {
  const text =
    '# ngxlint-disable-next-line NGX303 -- off today\na;\n# ngxlint-disable-next-line NGX399\nb;\n';
  const results = run({ [NGINX]: text }, [], undefined, [
    'NGX303=off',
    'suppression-reason=off',
    'NGX902=info',
  ]);

  assert.deepEqual(problems(results), [['NGX902', 3, 29, 35]]);
  assert.equal(results[0].severity, 'info');
});

test('each deployment file kind is read in its own comment syntax', () => {
  const unit = `${ROOT}/deploy/app.service`;
  const script = `${ROOT}/deploy/deploy.sh`;
  const env = `${ROOT}/.env`;
  const python = `${ROOT}/app/main.py`;
  const files = {
    [unit]:
      '[Service]\n; ngxlint-disable-next-line NGX312 -- unit note\nExecStart=/usr/bin/uvicorn --port 8001\n#ngxlint-disable-next-line NGX312 -- hash too\nEnvironment=UVICORN_PORT=8001\nExecStop=/bin/kill # ngxlint-disable-line NGX312 -- not a comment in a unit\n',
    [script]:
      'echo "# ngxlint-disable-next-line NGX312 -- quoted"\nuvicorn main:app --port 8001 # ngxlint-disable-line NGX312 -- script note\necho ${#x} ngxlint-disable-line\n',
    [env]: '# ngxlint-disable-next-line NGX312 -- env note\nUVICORN_PORT=8001\n',
    [python]:
      's = "# ngxlint-disable-line NGX312 -- in a string"\nuvicorn.run(app, port=8001)  # ngxlint-disable-line NGX312 -- python note\n',
  };
  const results = run(
    files,
    [
      finding('NGX312', unit, 3),
      finding('NGX312', unit, 5),
      finding('NGX312', unit, 6),
      finding('NGX312', script, 1),
      finding('NGX312', script, 2),
      finding('NGX312', env, 2),
      finding('NGX312', python, 1),
      finding('NGX312', python, 2),
    ],
    [
      { path: unit, syntax: 'systemd' },
      { path: script, syntax: 'shell' },
      { path: env, syntax: 'env' },
      { path: python, syntax: 'python' },
    ],
  );

  assert.deepEqual(
    results.map((f) => [f.file.slice(ROOT.length + 1), f.line, f.suppressed?.justification]),
    [
      ['.env', 2, 'env note'],
      ['app/main.py', 1, undefined],
      ['app/main.py', 2, 'python note'],
      ['deploy/app.service', 3, 'unit note'],
      ['deploy/app.service', 5, 'hash too'],
      ['deploy/app.service', 6, undefined],
      ['deploy/deploy.sh', 1, undefined],
      ['deploy/deploy.sh', 2, 'script note'],
    ],
  );
  assert.deepEqual(problems(results), []);
});

test('a file with findings but unknown to the run is guessed from its name', () => {
  const env = `${ROOT}/deploy/.env.production`;
  const results = applySuppressions({
    findings: [finding('NGX312', env, 2)],
    sources: [],
    rules: RULES,
    root: ROOT,
    fs: memoryFs({ [env]: '# ngxlint-disable-next-line NGX312 -- guessed\nPORT=1\n' }),
  });

  assert.equal(results[0].suppressed?.justification, 'guessed');
});

test('env files: only whole-line comments, none in a value, no fix that prints it', () => {
  const env = `${ROOT}/.env`;
  // systemd keeps `# …` after a value as part of it; a quoted value and a line ended by a
  // backslash run on to the next line in both systemd's and python-dotenv's reading.
  const text = [
    'PORT=8001 # ngxlint-disable-line NGX312 -- part of the value for systemd',
    'TOKEN="abc',
    '# ngxlint-disable NGX999 -- inside the quotes',
    '"',
    'KEY=a\\',
    '# ngxlint-disable NGX998 -- continued',
    '# ngxlint-disable-next-line NGX312 -- unused',
    'SECRET=s3cr3t',
  ].join('\n');
  const results = run({ [env]: text }, [finding('NGX312', env, 1)], [{ path: env, syntax: 'env' }]);

  assert.equal(results[0].suppressed, undefined);
  assert.deepEqual(problems(results), [['NGX903', 7, 29, 35]]);
  assert.equal(results.find((f) => f.ruleId === 'NGX903')?.fixes, undefined);
});

test('a quote inside an unquoted env value opens nothing; `<<` shifts in shell arithmetic', () => {
  const env = `${ROOT}/.env`;
  const script = `${ROOT}/deploy/start.sh`;
  const files = {
    [env]: "MSG=it's\n# ngxlint-disable-next-line NGX312 -- after an apostrophe\nPORT=8001\n",
    [script]: [
      'x=$((1<<2)); echo $(( y<<z ))',
      'cat <<<word',
      '# ngxlint-disable-next-line NGX312 -- after shifts and a here-string',
      'uvicorn main:app --port 8001',
    ].join('\n'),
  };
  const results = run(
    files,
    [finding('NGX312', env, 3), finding('NGX312', script, 4)],
    [
      { path: env, syntax: 'env' },
      { path: script, syntax: 'shell' },
    ],
  );

  assert.deepEqual(
    results.map((f) => f.suppressed?.justification),
    ['after an apostrophe', 'after shifts and a here-string'],
  );
});

test('YAML block scalars and odd shell words hide no suppression and hold none', () => {
  const compose = `${ROOT}/docker-compose.yml`;
  const script = `${ROOT}/deploy/start.sh`;
  const files = {
    [compose]: [
      'services:',
      '  web:',
      '    entrypoint:',
      '      - |',
      '        # ngxlint-disable-next-line NGX312 -- data of the script',
      '        exec uvicorn main:app --host 0.0.0.0',
      '    # ngxlint-disable-next-line NGX312 -- after the block',
      '    command: uvicorn main:app --host 0.0.0.0',
    ].join('\n'),
    [script]: [
      'cat <<END-OF-TEXT',
      '# ngxlint-disable-next-line NGX312 -- body',
      'END-OF-TEXT',
      "echo $'it\\'s'; x=$[ 1<<2 ]",
      '# ngxlint-disable-next-line NGX312 -- after them',
      'uvicorn main:app --host 0.0.0.0',
    ].join('\n'),
  };
  const results = run(
    files,
    [finding('NGX312', compose, 6), finding('NGX312', compose, 8), finding('NGX312', script, 6)],
    [
      { path: compose, syntax: 'yaml' },
      { path: script, syntax: 'shell' },
    ],
  );

  assert.deepEqual(
    results.map((f) => [f.file.slice(ROOT.length + 1), f.line, f.suppressed?.justification]),
    [
      ['deploy/start.sh', 6, 'after them'],
      ['docker-compose.yml', 6, undefined],
      ['docker-compose.yml', 8, 'after the block'],
    ],
  );
  assert.deepEqual(problems(results), []);
});

test('shell here-documents are data: a marker in their body is no comment', () => {
  const script = `${ROOT}/deploy/start.sh`;
  const text = [
    'cat <<EOT',
    '# ngxlint-disable-next-line NGX312 -- heredoc body',
    'EOT',
    'cat <<-"END" > out.txt',
    '\t# ngxlint-disable-next-line NGX312 -- indented body',
    '\tEND',
    'uvicorn main:app --port 8001 # ngxlint-disable-line NGX312 -- after the bodies',
  ].join('\n');
  const results = run(
    { [script]: text },
    [finding('NGX312', script, 2), finding('NGX312', script, 5), finding('NGX312', script, 7)],
    [{ path: script, syntax: 'shell' }],
  );

  assert.deepEqual(
    results.map((f) => [f.line, f.suppressed?.justification]),
    [
      [2, undefined],
      [5, undefined],
      [7, 'after the bodies'],
    ],
  );
  assert.deepEqual(problems(results), []);
});
