import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo } from '../deploy/trees.js';

const only = ['NGX311'];
const start = 'nohup uvicorn main:app &';

test('a restart that kills and starts with no wait is reported, the stop related', async () => {
  const r = await lintTree(
    { ...nginxTo(), 'restart.sh': `#!/bin/sh\npkill -f "uvicorn main:app"\n${start}\n` },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX311 restart.sh:3:1-3:23 noWait']);
  assert.match(
    r.findings[0].message,
    /^uvicorn starts right after "pkill -f "uvicorn main:app"" \(restart\.sh:2\) without waiting for the old process to let go of port "8000"/,
  );
  assert.deepEqual(
    r.findings[0].related.map((x) => [x.line, x.column, x.message]),
    [
      [2, 1, 'the stop'],
      [6, 13, 'nginx proxies to the app here'],
    ],
  );
});

test('a sleep before the kill does not count', async () => {
  const r = await lintTree(
    { ...nginxTo(), 'restart.sh': `#!/bin/sh\nsleep 3\nkill $(cat /run/app.pid)\n  ${start}\n` },
    { only },
  );

  assert.deepEqual(r.summary, ['NGX311 restart.sh:4:3-4:25 noWait']);
  assert.deepEqual(
    r.findings[0].related.map((x) => [x.line, x.message]),
    [
      [3, 'the stop'],
      [2, 'this wait comes before the stop, so it does not count'],
      [6, 'nginx proxies to the app here'],
    ],
  );
});

test('a pkill of a different program is no stop; no stop at all is reported too', async () => {
  const other = await lintTree(
    { ...nginxTo(), 'restart.sh': `#!/bin/sh\npkill -f celery\nsleep 2\n${start}\n` },
    { only },
  );

  assert.deepEqual(other.summary, ['NGX311 restart.sh:4:1-4:23 stopsOther']);
  assert.match(
    other.findings[0].message,
    /"pkill -f celery" \(restart\.sh:2\) stops another program$/,
  );

  const none = await lintTree({ ...nginxTo(), 'start.sh': `#!/bin/sh\n${start}\n` }, { only });

  assert.deepEqual(none.summary, ['NGX311 start.sh:2:1-2:23 noStop']);
});

test('silent: stop then sleep, a wait loop, systemctl stop, and a unit-run script', async () => {
  const cases = [
    `#!/bin/sh\npkill -f uvicorn\nsleep 2\n${start}\n`,
    `#!/bin/sh\nfuser -k 8000/tcp\nwhile fuser -s 8000/tcp; do sleep 0.2; done\n${start}\n`,
    `#!/bin/sh\nsystemctl stop app\n${start}\n`,
    `#!/bin/sh\nkillall -w uvicorn\n${start}\n`,
  ];

  for (const script of cases) {
    const r = await lintTree({ ...nginxTo(), 'restart.sh': script }, { only });

    assert.deepEqual(r.summary, [], script);
  }

  const unitRun = await lintTree(
    {
      ...nginxTo(),
      'app.service': '[Service]\nExecStart=/srv/app/start.sh\n',
      'app/start.sh': '#!/bin/sh\nexec uvicorn main:app\n',
    },
    { only },
  );

  assert.deepEqual(unitRun.summary, []);
});

test('a stop hits the process as ps shows it: pkill -f on the command line, pkill and killall on the name', async () => {
  const restart = (stop: string, startLine: string) =>
    `#!/bin/sh\n${stop}\nsleep 2\n${startLine}\n`;
  const module = 'nohup python3 -m uvicorn main:app --port 8000 &';
  const hits = [
    // python3 -m uvicorn main:app --port 8000 holds "uvicorn main:app".
    restart('pkill -f "uvicorn main:app"', module),
    restart('pkill -9 -f "^python3 -m uvicorn"', module),
    restart('pkill -fx "python3 -m uvicorn main:app --port 8000"', module),
    restart('killall python3', module),
    restart('pkill -i PYTHON', module),
    // A #! program is named after its script, and its command line starts with the interpreter.
    restart('pkill uvicorn', start),
    restart('killall -e uvicorn', start),
    restart('pkill -f "python3 /usr/bin/uvicorn main:app"', start),
    restart('kill $(pgrep -f "uvicorn main:app")', start),
    restart('pgrep -f uvicorn | xargs kill', start),
    restart('fuser -k -n tcp 8000', start),
  ];

  for (const script of hits) {
    const r = await lintTree({ ...nginxTo(), 'restart.sh': script }, { only });

    assert.deepEqual(r.summary, [], script);
  }

  const misses: Array<[string, string, number]> = [
    // The process of python3 -m uvicorn is named python3, not uvicorn.
    [restart('pkill uvicorn', module), 'pkill uvicorn', 46],
    [restart('killall uvicorn', module), 'killall uvicorn', 46],
    [restart('pkill -x python', module), 'pkill -x python', 46],
    [restart('pkill -f "^uvicorn"', start), 'pkill -f "^uvicorn"', 23],
    [restart('kill $(pgrep -f celery)', start), 'kill $(pgrep -f celery)', 23],
    [restart('fuser -k 8001/tcp', start), 'fuser -k 8001/tcp', 23],
  ];

  for (const [script, stop, endColumn] of misses) {
    const r = await lintTree({ ...nginxTo(), 'restart.sh': script }, { only });

    assert.deepEqual(r.summary, [`NGX311 restart.sh:4:1-4:${endColumn} stopsOther`], script);
    assert.ok(
      r.findings[0].message.endsWith(`"${stop}" (restart.sh:2) stops another program`),
      r.findings[0].message,
    );
    assert.deepEqual(r.findings[0].related[0], {
      file: r.findings[0].related[0].file,
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: stop.length + 1,
      message: 'this stops another program',
    });
  }
});
