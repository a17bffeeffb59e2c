// The 29 crossplane payloads that carry directive-table errors (MANIFEST §5): with the table
// plugged into the payload builder, ngxlint prints crossplane's payload, except where the
// manifest shows nginx disagreeing with crossplane, where it follows nginx.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPayload, type Payload } from '../../src/payload/index.js';
import { analyze } from '../../src/nginx/payload-analyzer.js';
import { parseConfig } from '../../src/syntax/index.js';
import { ANALYZER, copyCorpus, readVerdicts, type PayloadJob } from './parse-corpus.js';

const corpus = copyCorpus();

after(() => corpus.cleanup());

/** Table B and C: nginx accepts the directive crossplane rejects (njs and `if` conditions it
 * does not know, `js_set` beside a newer njs directive). */
const NGINX_ACCEPTS = [
  'njs-examples/conf/stream/auth_request.conf',
  'njs-examples/conf/stream/detect_http.conf',
  'njs-examples/conf/stream/inject_header.conf',
  'nginx-go-crossplane-tests/configs/if-check/nginx.conf',
  'nginx-go-crossplane-tests/configs/if-expr/empty-parens.conf',
  'nginx-go-crossplane-tests/configs/if-expr/empty-spaced-parens.conf',
  'njs-examples/conf/http/certs/dynamic.conf',
  'njs-examples/conf/http/rate-limit/simple.conf',
];

/** Table C: a missing `;` before `}`; nginx reports the `}` on the next line. */
const NGINX_ELSEWHERE = [
  'crossplane-tests/configs/missing-semicolon/broken-above.conf',
  'crossplane-tests/configs/missing-semicolon/broken-below.conf',
  'nginx-go-crossplane-tests/configs/missing-semicolon/broken-above.conf',
  'nginx-go-crossplane-tests/configs/missing-semicolon/broken-below.conf',
  'nginx-go-crossplane-tests/configs/missing-semicolon-above/nginx.conf',
  'nginx-go-crossplane-tests/configs/missing-semicolon-below/nginx.conf',
];

/** crossplane reads the body of a block it rejected one level up (`http` in an `http` wrapper,
 * `location` outside `server`), or skips the braces of `listen {{PORT}}`: payloads that only
 * that recovery makes equal, counted apart so a regression names them. */
const RECOVERY = [
  'certbot/certbot/src/certbot/_internal/tests/plugins/nginx/testdata/etc_nginx/minimalistic_comments.conf',
  'certbot/certbot/src/certbot/_internal/tests/plugins/nginx/testdata/etc_nginx/nginx-include.conf',
  'certbot/certbot-compatibility-test/nginx/nginx-roundtrip-testdata/javaservers/nginx.conf',
  'certbot/certbot-compatibility-test/nginx/nginx-roundtrip-testdata/simplecgi/nginx.conf',
  'nginx-proxy-manager/etc/nginx/conf.d/production.conf.template',
];

function payloadOf(job: PayloadJob): Payload {
  const config = parseConfig(join(corpus.root, job.target), {
    fs: corpus.fs,
    singleFile: job.flags.singleFile,
  });

  return buildPayload(config, {
    entry: job.target,
    ...job.flags,
    analyze,
    source: (p) => readFileSync(p),
  });
}

function normalize(payload: unknown): unknown {
  const missing = (errors: Array<{ error: string }>) =>
    errors.map((e) => (/No such file or directory/.test(e.error) ? { ...e, error: 'missing' } : e));
  const p = payload as Payload;

  return {
    ...p,
    errors: missing(p.errors),
    config: p.config.map((c) => ({ ...c, errors: missing(c.errors) })),
  };
}

test('the 29 directive-table payloads: crossplane where nginx agrees, nginx where it does not', () => {
  const jobs = corpus.jobs.filter((j) => j.want.errors.some((e) => ANALYZER.test(e.error)));
  const source = (job: PayloadJob) =>
    job.name.replace(/\.json$/, '').replace(/\.include-comments\+strict$/, '');
  const verdicts = new Map(readVerdicts().map((r) => [r.path, r]));
  const failures: string[] = [];
  let equal = 0;
  let followed = 0;
  let recovered = 0;

  for (const job of jobs) {
    const got = payloadOf(job);
    const path = source(job);

    if (NGINX_ACCEPTS.includes(path)) {
      const wrong = got.errors.filter((e) => ANALYZER.test(e.error));

      if (wrong.length === 0) followed++;
      else failures.push(`${job.name}: nginx accepts, ngxlint says ${JSON.stringify(wrong)}`);
    } else if (NGINX_ELSEWHERE.includes(path)) {
      const at = verdicts.get(path)!.at!;

      if (got.errors.some((e) => e.line === at.line && e.error.startsWith('unexpected "}"')))
        followed++;
      else
        failures.push(`${job.name}: nginx says :${at.line}, ngxlint ${JSON.stringify(got.errors)}`);
    } else if (JSON.stringify(normalize(got)) === JSON.stringify(normalize(job.want))) {
      equal++;
      if (RECOVERY.includes(path)) recovered++;
    } else {
      failures.push(
        `${job.name}: ${JSON.stringify(got.errors)} vs crossplane ${JSON.stringify(job.want.errors)}`,
      );
    }
  }

  console.log(
    `directive-table payloads: ${jobs.length}; equal to crossplane ${equal} ` +
      `(${recovered} through crossplane's recovery); following nginx ${followed}`,
  );
  assert.deepEqual(failures, []);
  assert.equal(jobs.length, 29);
  assert.equal(equal, 15);
  assert.equal(recovered, RECOVERY.length);
  assert.equal(followed, NGINX_ACCEPTS.length + NGINX_ELSEWHERE.length);
});
