// ngxlint's syntax verdict against nginx -t's stored verdicts (never running nginx here): a
// `syntax` row needs an error at nginx's FILE:LINE; a row nginx accepts or rejects for other
// reasons needs no syntax error, except where MANIFEST §5 lists one nginx stopped before.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { parseConfig } from '../../src/syntax/index.js';
import { copyCorpus, readVerdicts } from './parse-corpus.js';

const corpus = copyCorpus();

after(() => corpus.cleanup());

/** MANIFEST §5 table B: crossplane's syntax error is real, nginx stopped before reaching it. */
const STOPPED_BEFORE = new Set([
  'nginx-go-crossplane-tests/configs/braces/extra-brace.conf',
  'nginx-go-crossplane-tests/configs/braces/missing-brace.conf',
  'certbot/certbot/src/certbot/_internal/tests/plugins/nginx/testdata/etc_nginx/broken.conf',
]);

/** Known defects of the oracle (MANIFEST §5): rows about a wrapper artifact. */
const ARTIFACTS = new Set([
  'ingress-nginx/test/data/cleanConf.src.conf',
  'ingress-nginx/test/data/cleanConf.expected.conf',
  'linuxserver-baseimage-alpine-nginx/root/etc/nginx/nginx.conf',
]);

/** The syntax row whose error needs the directive table: `listen {{…}} default;` as a block. */
const NEEDS_TABLE = 'nginx-proxy-manager/etc/nginx/conf.d/production.conf.template';

test('syntax verdicts agree with nginx -t on every top-level config', () => {
  const rows = readVerdicts();
  const disagree: string[] = [];
  let checked = 0;
  let agree = 0;
  let directiveRows = 0;
  let stoppedBefore = 0;

  for (const row of rows) {
    if (ARTIFACTS.has(row.path) || row.path === NEEDS_TABLE) continue;

    if (row.klass.startsWith('directive-')) {
      directiveRows++;
      continue;
    }

    const target = row.wrapper === '-' ? row.path : row.wrapper;
    const config = parseConfig(join(corpus.root, target), { fs: corpus.fs });
    const places = config.errors
      .filter((e) => e.kind === 'syntax' || e.kind === 'limit')
      .map((e) => `${relative(corpus.root, e.file)}:${e.line}`);

    checked++;

    if (row.klass === 'syntax') {
      const at = / in (\S+:\d+)$/.exec(row.message)?.[1] ?? '?';

      if (places.includes(at)) agree++;
      else disagree.push(`${row.path}: nginx ${at}, ngxlint ${places.join(' ') || 'none'}`);
    } else if (places.length === 0) agree++;
    else if (STOPPED_BEFORE.has(row.path)) stoppedBefore++;
    else disagree.push(`${row.path} (${row.klass}): ngxlint reports ${places.join(' ')}`);
  }

  console.log(
    `nginx -t syntax verdicts agreeing: ${agree} of ${checked} (+${stoppedBefore} where nginx stopped first)`,
  );
  console.log(
    `rows listed apart: ${directiveRows} directive-table rows, 1 syntax row needing the table, ${ARTIFACTS.size} oracle artifacts`,
  );

  assert.deepEqual(disagree, []);
  assert.equal(stoppedBefore, STOPPED_BEFORE.size);
  assert.equal(checked + directiveRows + 1 + ARTIFACTS.size, rows.length);
});
