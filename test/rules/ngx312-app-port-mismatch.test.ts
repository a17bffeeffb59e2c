import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo, unit } from '../deploy/trees.js';

const only = ['NGX312'];

test("a unit on another port than nginx's target: anchored at the launcher, both sides related", async () => {
  const r = await lintTree(
    {
      ...nginxTo(),
      'systemd/app.service': unit(
        '/srv/app/venv/bin/uvicorn main:app',
        'EnvironmentFile=/srv/app/.env\n',
      ),
      'app/.env': 'SECRET_KEY=x\nUVICORN_PORT=8001\n',
    },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX312 systemd/app.service:6:1-6:45 target']);
  assert.match(
    r.findings[0].message,
    /binds port "8001" \(UVICORN_PORT in app\/\.env:2\), but nginx proxies to "127\.0\.0\.1:8000"$/,
  );
  assert.deepEqual(
    r.findings[0].related.map((x) => [x.file.slice(r.root.length + 1), x.line, x.message]),
    [
      ['nginx/nginx.conf', 6, 'nginx proxies here'],
      ['app/.env', 2, 'the port set here (EnvironmentFile= in systemd/app.service:7)'],
    ],
  );
});

test('a port only in --env-file does not move uvicorn: silent, and a declared port is compared', async () => {
  const silent = await lintTree(
    {
      ...nginxTo(),
      'run.sh': '#!/bin/sh\ncd /srv/app\nuvicorn main:app --env-file .env\n',
      'app/.env': 'UVICORN_PORT=8001\n',
    },
    { only },
  );

  assert.deepEqual(silent.summary, []);

  const declared = await lintTree(
    {
      ...nginxTo('http://127.0.0.1:8001'),
      'run.sh': '#!/bin/sh\n\nuvicorn main:app --port 8001\n',
    },
    { only, appPort: 8000 },
  );

  assert.deepEqual(declared.summary, ['NGX312 run.sh:3:1-3:29 declared']);
  assert.match(declared.findings[0].message, /expected the app port "8000" \(--app-port\)$/);
});

test('--host :: binds IPv6 only, so a 127.0.0.1 target is refused; with workers it is served', async () => {
  const v6 = await lintTree(
    { ...nginxTo(), 'run.sh': '#!/bin/sh\nuvicorn main:app --host ::\n' },
    { only },
  );

  assert.deepEqual(v6.summary, ['NGX312 run.sh:2:1-2:27 host']);
  assert.match(
    v6.findings[0].message,
    /binds "::" only \(--host in run\.sh:2\), so nginx's connections to "127\.0\.0\.1:8000" are refused \(502\)/,
  );

  const workers = await lintTree(
    { ...nginxTo(), 'run.sh': '#!/bin/sh\nuvicorn main:app --host :: --workers 2\n' },
    { only },
  );

  assert.deepEqual(workers.summary, []);

  const other = await lintTree(
    { ...nginxTo(), 'run.sh': '#!/bin/sh\nuvicorn main:app --host 203.0.113.10\n' },
    { only },
  );

  assert.deepEqual(other.summary, ['NGX312 run.sh:2:1-2:37 host']);
});

test('--uds against a unix: target: same path silent, another path or a TCP port reported', async () => {
  const target = 'http://unix:/run/app.sock';
  const same = await lintTree(
    { ...nginxTo(target), 'run.sh': 'uvicorn main:app --uds /run/app.sock\n' },
    { only },
  );
  const path = await lintTree(
    { ...nginxTo(target), 'run.sh': 'uvicorn main:app --uds /tmp/app.sock\n' },
    { only },
  );
  const tcp = await lintTree(
    { ...nginxTo(target), 'run.sh': 'gunicorn -b 127.0.0.1:8000 main:app\n' },
    { only },
  );
  const gunicornUnix = await lintTree(
    { ...nginxTo(target), 'run.sh': 'gunicorn -b unix:/run/app.sock main:app\n' },
    { only },
  );

  assert.deepEqual(same.summary, []);
  assert.deepEqual(path.summary, ['NGX312 run.sh:1:1-1:37 socketPath']);
  assert.deepEqual(tcp.summary, ['NGX312 run.sh:1:1-1:36 wantsSocket']);
  assert.deepEqual(gunicornUnix.summary, []);
});

test('gunicorn -b 127.0.0.1:8001 against a target on 8000 is reported', async () => {
  const r = await lintTree(
    { ...nginxTo(), 'run.sh': '#!/bin/sh\ngunicorn -b 127.0.0.1:8001 main:app\n' },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX312 run.sh:2:1-2:36 target']);
  assert.match(r.findings[0].message, /^gunicorn binds port "8001" \(--bind in run\.sh:2\)/);
});

test('an EnvironmentFile= of any name is read where --map puts it, and compared', async () => {
  const tree = {
    ...nginxTo(),
    'systemd/app.service': unit(
      '/srv/app/venv/bin/uvicorn main:app --port ${UVICORN_PORT}',
      'EnvironmentFile=/srv/app/secrets\n',
    ),
    'srv/app/secrets': 'SECRET_KEY=s3cr3t\nUVICORN_PORT=8001\n',
  };
  const r = await lintTree(tree, { only: [...only, 'NGX318'], map: ['/srv/app=srv/app'] });

  assert.deepEqual(r.summary, ['NGX312 systemd/app.service:6:1-6:68 target']);
  assert.match(
    r.findings[0].message,
    /binds port "8001" .*but nginx proxies to "127\.0\.0\.1:8000"$/,
  );
  assert.ok(r.notes.some((n) => n.startsWith('/srv/app/secrets read from srv/app/secrets (--map')));
  assert.ok(r.findings.every((f) => !JSON.stringify(f).includes('s3cr3t')));
});

test('UVICORN_PORT=8000 # c in an EnvironmentFile=: not a port, uvicorn stops', async () => {
  const tree = (envFile: string, run = 'EnvironmentFile=/srv/app/.env\n') => ({
    ...nginxTo(),
    'systemd/app.service': unit('/srv/app/venv/bin/uvicorn main:app', run),
    'app/.env': envFile,
    'app/run.sh': '#!/bin/sh\ncd /srv/app\nexec uvicorn main:app --port 8000 --env-file .env\n',
  });
  const rules = [...only, 'NGX319'];

  // systemd keeps " # c" in the value: click cannot convert it, and uvicorn exits with 2.
  const r = await lintTree(tree('SECRET_KEY=x\nUVICORN_PORT=8000 # c\n'), { only: rules });

  assert.deepEqual(r.summary, ['NGX312 app/.env:2:1-2:13 notAPort']);
  assert.equal(r.findings[0].severity, 'error');
  assert.equal(
    r.findings[0].message,
    'UVICORN_PORT in app/.env:2 is not a port number, so uvicorn started by ExecStart= in ' +
      "app.service refuses to start (Invalid value for '--port'); systemd keeps an inline # " +
      'comment in the value (only whole lines are comments in an EnvironmentFile=)',
  );
  assert.deepEqual(
    r.findings[0].related.map((x) => [x.file.slice(r.root.length + 1), x.line, x.message]),
    [['systemd/app.service', 6, 'uvicorn is started here']],
  );
  assert.ok(!r.findings[0].message.includes('8000'), 'the value is not shown');

  // Another word than a number says no more than that.
  const word = await lintTree(tree('UVICORN_PORT=http\n'), { only: rules });

  assert.deepEqual(word.summary, ['NGX312 app/.env:1:1-1:13 notAPort']);
  assert.match(word.findings[0].message, /refuses to start \(Invalid value for '--port'\)$/);

  // What Python's int() reads, uvicorn binds (+8_000 is 8000): no error.
  const int = await lintTree(tree('UVICORN_PORT=+8_000\n'), { only });

  assert.deepEqual(int.summary, []);

  // The same line read by python-dotenv (uvicorn --env-file) loses its comment, and cannot
  // move the port anyway: nothing to say.
  const dotenv = await lintTree(tree('UVICORN_PORT=8000 # c\n', ''), { only: rules });

  assert.deepEqual(dotenv.summary, []);
});

test('--port ${PORT} from an EnvironmentFile=: the env line takes effect', async () => {
  for (const [word, name] of [
    ['${PORT}', 'PORT'],
    ['$PORT', 'PORT'],
    ['${UVICORN_PORT}', 'UVICORN_PORT'],
  ]) {
    const r = await lintTree(
      {
        ...nginxTo(),
        'systemd/app.service': unit(
          `/srv/app/venv/bin/uvicorn main:app --port ${word}`,
          'EnvironmentFile=/srv/app/.env\n',
        ),
        'app/.env': `SECRET_KEY=x\n${name}=8001\n`,
      },
      { only },
    );

    assert.deepEqual(
      r.summary.map((s) => s.split(' ').pop()),
      ['target'],
      word,
    );
    assert.deepEqual(
      r.findings[0].related
        .slice(1)
        .map((x) => [x.file.slice(r.root.length + 1), x.line, x.message]),
      [
        ['systemd/app.service', 6, 'the port set here'],
        [
          'app/.env',
          2,
          'an address set here (EnvironmentFile= in systemd/app.service:7, expanded into the command line)',
        ],
      ],
      word,
    );
  }
});

test('a script variable expanded into --port takes effect, exported or not', async () => {
  for (const assign of ['export APP_PORT=8002', 'APP_PORT=8002', 'APP_PORT=${APP_PORT:-8002}']) {
    const r = await lintTree(
      {
        ...nginxTo(),
        'start.sh': `#!/bin/bash\n${assign}\nexec uvicorn main:app --port "$APP_PORT"\n`,
      },
      { only },
    );

    assert.deepEqual(r.summary, ['NGX312 start.sh:3:1-3:41 target'], assign);
    assert.deepEqual(
      r.findings[0].related.slice(1).map((x) => [x.line, x.message]),
      [
        [3, 'the port set here'],
        [2, 'an address set here (expanded into the command line)'],
      ],
      assign,
    );
  }
});

test('UVICORN_PORT as click reads it: " +8_001 " is 8001, an empty value is not set', async () => {
  const tree = (value: string) => ({
    ...nginxTo(),
    'systemd/app.service': unit(
      '/srv/app/venv/bin/uvicorn main:app',
      `Environment="UVICORN_PORT=${value}"\n`,
    ),
  });
  const rules = { only: ['NGX312', 'NGX319'] };
  const spaced = await lintTree(tree(' +8_001 '), rules);

  assert.deepEqual(spaced.summary, ['NGX312 systemd/app.service:6:1-6:45 target']);
  assert.match(spaced.findings[0].message, /binds port "8001"/);
  assert.deepEqual((await lintTree(tree('8_000'), rules)).summary, []);
  assert.deepEqual((await lintTree(tree(''), rules)).summary, []);
});

test("export $(grep -v '^#' .env | xargs) exports the file's keys, as the shell does", async () => {
  for (const line of [
    `export $(grep -v '^#' .env | xargs)`,
    'export $(cat /srv/app/.env | xargs)',
  ]) {
    const r = await lintTree(
      {
        ...nginxTo(),
        '.env': '# the app\nUVICORN_PORT=8001 # moved\nSECRET_KEY=x\n',
        'start.sh': `#!/bin/bash\ncd /srv/app\n${line}\nnohup uvicorn main:app --host 127.0.0.1 &\n`,
      },
      { only },
    );

    assert.deepEqual(r.summary, ['NGX312 start.sh:4:1-4:40 target'], line);
    assert.match(r.findings[0].message, /binds port "8001" \(UVICORN_PORT in \.env:2\)/, line);
  }
});
