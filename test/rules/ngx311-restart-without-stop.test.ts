import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTree } from '../engine/lint-tree.js';
import { nginxTo } from '../deploy/trees.js';

const only = ['NGX311'];
const start = 'nohup uvicorn main:app &';

test('a restart that kills and starts with no wait is reported, the stop related', async () => {
  const r = await lintTree({ ...nginxTo(), 'restart.sh': `#!/bin/sh\npkill -f "uvicorn main:app"\n${start}\n` }, { only });

  assert.deepEqual(r.summary, ['NGX311 restart.sh:3:1-3:23 noWait']);
  assert.match(r.findings[0].message, /^uvicorn starts right after "pkill -f "uvicorn main:app"" \(restart\.sh:2\) without waiting for the old process to let go of port "8000"/);
  assert.deepEqual(r.findings[0].related.map((x) => [x.line, x.column, x.message]), [
    [2, 1, 'the stop'],
    [6, 13, 'nginx proxies to the app here'],
  ]);
});

test('a sleep before the kill does not count', async () => {
  const r = await lintTree({ ...nginxTo(), 'restart.sh': `#!/bin/sh\nsleep 3\nkill $(cat /run/app.pid)\n  ${start}\n` }, { only });

  assert.deepEqual(r.summary, ['NGX311 restart.sh:4:3-4:25 noWait']);
  assert.deepEqual(r.findings[0].related.map((x) => [x.line, x.message]), [
    [3, 'the stop'],
    [2, 'this wait comes before the stop, so it does not count'],
    [6, 'nginx proxies to the app here'],
  ]);
});

test('a pkill of a different program is no stop; no stop at all is reported too', async () => {
  const other = await lintTree({ ...nginxTo(), 'restart.sh': `#!/bin/sh\npkill -f celery\nsleep 2\n${start}\n` }, { only });

  assert.deepEqual(other.summary, ['NGX311 restart.sh:4:1-4:23 stopsOther']);
  assert.match(other.findings[0].message, /"pkill -f celery" \(restart\.sh:2\) stops another program$/);

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
    { ...nginxTo(), 'app.service': '[Service]\nExecStart=/srv/app/start.sh\n', 'app/start.sh': '#!/bin/sh\nexec uvicorn main:app\n' },
    { only },
  );

  assert.deepEqual(unitRun.summary, []);
});
