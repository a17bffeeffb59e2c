// Hostile deployment files: each must end as a finding in its own file, quickly, with the rest
// of the deployment still read, never as a crash of the whole lint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment } from '../../src/deploy/types.js';
import type { Tree } from '../engine/lint-tree.js';
import { readTree as read } from './trees.js';

test('60k repeated --port arguments in a unit are read in linear time, on one line or continued', async () => {
  const count = 60_000;
  const oneLine = `[Service]\nExecStart=/usr/bin/uvicorn main:app${' --port 8000'.repeat(count - 1)} --port 8001\n`;
  const continued = `[Service]\nExecStart=/usr/bin/uvicorn main:app${' \\\n --port 8000'.repeat(count - 1)} \\\n --port 8001\n`;

  for (const [text, line, column] of [
    [oneLine, 2, 36 + 12 * (count - 1) + 8],
    [continued, count + 2, 9],
  ] as const) {
    const { deployment, ms, rel } = await read({ 'app.service': text });
    const port = deployment.launchers[0]?.binds[0]?.port;

    assert.ok(ms < 5000, `took ${Math.round(ms)} ms`);
    assert.equal(port?.value, 8001);
    assert.deepEqual(
      [rel(port.origin.location!.file), port.origin.location!.line, port.origin.location!.column],
      ['app.service', line, column],
    );
  }
});

/** `kind file:line:col-endLine:endCol message` of each parse problem. */
function problems(deployment: Deployment, rel: (p: string) => string): string[] {
  return deployment.problems.map((p) => {
    const l = p.location;

    return `${p.fileKind} ${rel(l.file)}:${l.line}:${l.column}-${l.endLine}:${l.endColumn} ${p.message}`;
  });
}

const good = { 'good.sh': '#!/bin/sh\nuvicorn main:app --port 8000\n' };
const n = 5000;

test('hostile nesting in scripts, env files and entry points is a problem at its place, read quickly', async () => {
  const cases: Array<[Tree, string]> = [
    [
      {
        'start.sh': '#!/bin/sh\ncd "$(dirname "$0")"\npython3 main.py\n',
        'main.py': `import uvicorn\nuvicorn.run("main:app", host="127.0.0.1", port=${Array(n).fill('1').join('+')})\n`,
      },
      'python main.py:2:48-2:49 nested deeper than 400 levels, not read further',
    ],
    [
      {
        'start.sh': '#!/bin/sh\ncd "$(dirname "$0")"\npython3 main.py\n',
        'main.py': `import uvicorn\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}if x:\n`).join('')}${' '.repeat(1000)}uvicorn.run("main:app", port=8000)\n`,
      },
      'python main.py:102:1-102:101 too many levels of indentation',
    ],
    [
      { 'a.sh': `#!/bin/sh\n  uvicorn main:app --port 8000${' && true'.repeat(n)}\n` },
      'shell a.sh:2:3-2:10 nested deeper than 400 levels, not read further',
    ],
    [
      { 'a.sh': `#!/bin/sh\n${'if true; then\n'.repeat(n)}uvicorn main:app\n${'fi\n'.repeat(n)}` },
      'shell a.sh:399:4-399:8 nested deeper than 400 levels, not read further',
    ],
    [
      { 'a.sh': `#!/bin/sh\n${'( '.repeat(n)}uvicorn main:app${' )'.repeat(n)}\n` },
      'shell a.sh:2:799-2:800 nested deeper than 400 levels, not read further',
    ],
    [
      { '.env': `X=${'${a:-'.repeat(n)}x${'}'.repeat(n)}\n`, 'a.sh': '#!/bin/sh\n. ./.env\n' },
      'env .env:1:1993-1:1995 nested deeper than 400 levels, not read further',
    ],
  ];

  for (const [tree, expected] of cases) {
    const { deployment, ms, rel } = await read({ ...tree, ...good });

    assert.deepEqual(problems(deployment, rel), [expected]);
    assert.ok(ms < 2000, `${expected}: took ${Math.round(ms)} ms`);

    // The rest of the deployment is still read.
    assert.ok(
      deployment.launchers.some((l) => rel(l.location.file) === 'good.sh' && l.location.line === 2),
    );
  }
});

test('a function that calls itself is entered once; scripts calling scripts stop at the call limit', async () => {
  const recursive = await read({ 'a.sh': '#!/bin/sh\nf() { f; }\nf\nuvicorn main:app\n' });

  assert.deepEqual(problems(recursive.deployment, recursive.rel), []);
  assert.equal(recursive.deployment.launchers[0]?.location.line, 4);

  // s0.sh calls s1.sh … s59.sh, and each is a root script too: every run that goes 50 scripts
  // deep stops there, at the call it does not follow (s49.sh for the run from s0.sh).
  const chain: Tree = { 's59.sh': '#!/bin/sh\nuvicorn main:app\n' };

  for (let i = 0; i < 59; i++) chain[`s${i}.sh`] = `#!/bin/sh\n ./s${i + 1}.sh\n`;

  const deep = await read(chain);

  assert.deepEqual(
    problems(deep.deployment, deep.rel),
    Array.from(
      { length: 10 },
      (_, i) => `shell s${49 + i}.sh:2:2-2:10 calls nested deeper than 50 levels, not followed`,
    ),
  );
});

test('a compose file nested too deep is a problem at the limit, not a stack overflow', async () => {
  const head = 'services:\n  app:\n    command:';
  const cases: Array<[string, string]> = [
    // 200,000 nested flow sequences: yaml's Composer recursed and overflowed the stack.
    [
      `${head} ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`,
      // Three mappings above, so the 398th `[` is the 401st level.
      'compose docker-compose.yml:3:411-3:412 nested deeper than 400 levels, not read further',
    ],
    [
      `${head}\n      ${'- '.repeat(100_000)}x\n`,
      'compose docker-compose.yml:4:801-4:802 nested deeper than 400 levels, not read further',
    ],
    [
      `${head}\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(6 + i)}a${i}:\n`).join('')}`,
      'compose docker-compose.yml:401:404-401:405 nested deeper than 400 levels, not read further',
    ],
  ];

  for (const [compose, expected] of cases) {
    const { deployment, ms, rel } = await read({ 'docker-compose.yml': compose, ...good });

    assert.deepEqual(problems(deployment, rel), [expected]);
    assert.ok(ms < 5000, `${expected}: took ${Math.round(ms)} ms`);
    assert.ok(deployment.launchers.some((l) => rel(l.location.file) === 'good.sh'));
  }

  // 400 levels are read.
  const fine = await read({
    'docker-compose.yml': `${head} ${'['.repeat(397)}uvicorn${']'.repeat(397)}\n`,
  });

  assert.deepEqual(problems(fine.deployment, fine.rel), []);
});

test('merge keys that reference one anchor many times over are expanded once per map', async () => {
  // Eight merges of the map below, eight levels deep: 8^8 expansions when each is redone.
  const levels = Array.from(
    { length: 8 },
    (_, i) => `x-a${i + 1}: &a${i + 1} {<<: [${Array(8).fill(`*a${i}`).join(', ')}]}\n`,
  );
  const compose =
    'x-a0: &a0 {command: "uvicorn main:app --host 0.0.0.0 --port 8001"}\n' +
    `${levels.join('')}services:\n  web:\n    <<: *a8\n`;
  const { deployment, ms, rel } = await read({ 'docker-compose.yml': compose });

  assert.ok(ms < 5000, `took ${Math.round(ms)} ms`);
  assert.deepEqual(
    deployment.launchers.map((l) => `${rel(l.location.file)}: ${l.binds[0]?.unknown}`),
    ['docker-compose.yml: container port 8001 is not published'],
  );
});
