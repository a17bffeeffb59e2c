// Payload parity with crossplane on the whole corpus (MANIFEST.md §5), plus its lex and format
// outputs. Prints each figure.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers.js';
import { parseConfig } from '../../src/syntax/index.js';
import { buildPayload, type Payload } from '../../src/payload/index.js';
import { ANALYZER, CROSSPLANE, copyCorpus, readVerdicts, type PayloadJob } from './parse-corpus.js';

const corpus = copyCorpus();

after(() => corpus.cleanup());

/** MANIFEST §5 tables A–C and known defects: nginx rejects a line crossplane accepts, or both
 * reject elsewhere; ngxlint may follow nginx on these 14 payloads. */
const FOLLOWS_NGINX = [
  'crossplane-tests/configs/quote-behavior/nginx.conf',
  'nginx-go-crossplane-tests/configs/quote-behavior/nginx.conf',
  'nginx-go-crossplane-tests/configs/invalid-map/nginx.conf',
  'certbot/certbot/src/certbot/_internal/tests/plugins/nginx/testdata/etc_nginx/broken.conf',
  'nginx-go-crossplane-tests/configs/premature-eof/nginx.conf',
  'crossplane-tests/configs/includes-regular/conf.d/foo.conf',
  'crossplane-tests/configs/includes-regular/conf.d/bar.conf',
  'crossplane-tests/configs/includes-globbed/servers/locations/not-included.conf',
  'nginx-go-crossplane-tests/configs/includes-regular/conf.d/foo.conf',
  'nginx-go-crossplane-tests/configs/includes-regular/conf.d/bar.conf',
  'nginx-go-crossplane-tests/configs/includes-globbed/servers/locations/not-included.conf',
  'certbot/certbot/src/certbot/_internal/tests/plugins/nginx/testdata/etc_nginx/ubuntu_nginx_1_4_6/default_vhost/nginx/naxsi-ui.conf.1.4.1',
  'ingress-nginx/test/data/cleanConf.src.conf',
  'ingress-nginx/test/data/cleanConf.expected.conf',
].map((p) => `${p}.json`);

type Errors = Payload['errors'];

/** The manifest's one allowance: missing-file errors compare by file and line. */
function normalizeErrors(errors: Errors): unknown[] {
  return errors.map((e) =>
    /No such file or directory/.test(e.error) ? { file: e.file, line: e.line, missing: true } : e,
  );
}

function normalize(payload: PayloadJob['want'] | Payload): unknown {
  return {
    ...payload,
    errors: normalizeErrors(payload.errors as Errors),
    config: (payload.config as Payload['config']).map((c) => ({
      ...c,
      errors: normalizeErrors(c.errors),
    })),
  };
}

function ngxlintPayload(job: PayloadJob): Payload {
  const config = parseConfig(join(corpus.root, job.target), {
    fs: corpus.fs,
    singleFile: job.flags.singleFile,
  });

  return buildPayload(config, {
    entry: job.target,
    ...job.flags,
    source: (path) => readFileSync(path),
  });
}

test('payloads are deep-equal to crossplane on the corpus', () => {
  const verdicts = new Map(readVerdicts().map((r) => [r.path, r]));
  const analyzer = corpus.jobs.filter((j) => j.want.errors.some((e) => ANALYZER.test(e.error)));
  const plain = corpus.jobs.filter((j) => !analyzer.includes(j) && !FOLLOWS_NGINX.includes(j.name));
  const nginxSide = corpus.jobs.filter((j) => FOLLOWS_NGINX.includes(j.name));
  const mismatched: string[] = [];

  for (const job of plain) {
    if (!isDeepEqual(normalize(ngxlintPayload(job)), normalize(job.want)))
      mismatched.push(job.name);
  }

  let equalOnNginxSide = 0;

  for (const job of nginxSide) {
    const got = ngxlintPayload(job);

    if (isDeepEqual(normalize(got), normalize(job.want))) {
      equalOnNginxSide++;
      continue;
    }

    // Where it differs it must reject the file where nginx does.
    const row = verdicts.get(job.name.slice(0, -'.json'.length));
    const at = / in (\S+):(\d+)$/.exec(row?.message ?? '');

    assert.equal(got.status, 'failed', job.name);

    if (row?.klass === 'syntax' && at) {
      assert.ok(
        got.errors.some((e) => e.file === at[1] && e.line === Number(at[2])),
        `${job.name}: nginx rejects ${at[1]}:${at[2]}, ngxlint said ${JSON.stringify(got.errors)}`,
      );
    }
  }

  let analyzerEqual = 0;

  for (const job of analyzer) {
    if (isDeepEqual(normalize(ngxlintPayload(job)), normalize(job.want))) analyzerEqual++;
  }

  console.log(
    `payloads deep-equal to crossplane: ${plain.length - mismatched.length} of ${plain.length}`,
  );
  console.log(
    `payloads following nginx where it and crossplane disagree: ${nginxSide.length} (${equalOnNginxSide} also equal to crossplane)`,
  );
  console.log(
    `payloads that need the directive table, listed apart: ${analyzer.length} (${analyzerEqual} equal without it; test/corpus/nginx-t-payloads checks them with it)`,
  );

  assert.deepEqual(mismatched, []);
  assert.equal(plain.length, 761);
  assert.equal(nginxSide.length, 14);
  assert.equal(analyzer.length, 29);
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);

    return true;
  } catch {
    return false;
  }
}

test('the CLI prints the option variants and exits 1 exactly when status is failed', () => {
  const variants = corpus.jobs.filter((j) => Object.keys(j.flags).length > 0);
  let equal = 0;

  for (const job of variants) {
    const args = ['parse', job.target];

    if (job.flags.ignore) args.push('--ignore', job.flags.ignore.join(','));
    if (job.flags.singleFile) args.push('--single-file');
    if (job.flags.combine) args.push('--combine');
    if (job.flags.includeComments) args.push('--include-comments');
    if (job.flags.strict) args.push('--strict');

    const result = runCli(args, { cwd: corpus.root });
    const got = JSON.parse(result.stdout) as Payload;

    assert.equal(result.status, got.status === 'ok' ? 0 : 1, job.name);

    // The CLI loads the directive table, so --strict's unknown directive matches too.
    assert.deepEqual(got, job.want, job.name);
    equal++;
  }

  console.log(`option variants equal through the CLI: ${equal} of ${variants.length}`);
  assert.equal(variants.length, 9);
  assert.equal(equal, 9);
});

test('lex --line-numbers matches crossplane on its 8 fixtures', () => {
  const fixtures = [
    'simple',
    'with-comments',
    'messy',
    'quote-behavior',
    'quoted-right-brace',
    'lua-block-simple',
    'lua-block-larger',
    'lua-block-tricky',
  ];

  for (const name of fixtures) {
    const target = `crossplane-tests/configs/${name}/nginx.conf`;
    const result = runCli(['lex', '--line-numbers', target], { cwd: corpus.root });
    const want = JSON.parse(readFileSync(join(CROSSPLANE, `${target}.lex.json`), 'utf8'));

    assert.deepEqual(JSON.parse(result.stdout), want, name);
  }

  console.log(`lex outputs equal: ${fixtures.length} of 8`);
});

// Where crossplane's builder changes what nginx reads, format keeps nginx's words
// (docs/crossplane-payload.md). crossplane glues `/abc/${uri} /abc/${uri}.html` into one
// argument: try_files would then have one file to try where nginx reads two.
const FORMAT_DEVIATIONS: Record<string, Array<[crossplane: string, ours: string]>> = {
  'messy/nginx.conf': [
    [
      "try_files '/abc/${uri} /abc/${uri}.html' =404;",
      'try_files /abc/${uri} /abc/${uri}.html =404;',
    ],
  ],
};

test("format matches crossplane's 4 fixtures but where it would change nginx", () => {
  const targets = [
    'messy/nginx.conf',
    'includes-globbed/servers/server1.conf',
    'bad-args/nginx.conf',
    'with-comments/nginx.conf',
  ];

  for (const target of targets) {
    const path = `crossplane-tests/configs/${target}`;
    const result = runCli(['format', path], { cwd: corpus.root });
    let expected = readFileSync(join(CROSSPLANE, `${path}.format.txt`), 'utf8');

    for (const [theirs, ours] of FORMAT_DEVIATIONS[target] ?? []) {
      assert.ok(expected.includes(theirs), `${target}: crossplane no longer writes ${theirs}`);
      expected = expected.replace(theirs, ours);
    }

    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, expected, target);
  }

  console.log(`format outputs equal: ${targets.length} of 4`);
});
