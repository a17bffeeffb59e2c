// The corpus contract of ../shared/corpus/MANIFEST.md §5 for the nginx -t checks: where nginx
// 1.22.1 with Debian's modules rejects a tree for syntax or directive reasons (53 rows), ngxlint
// reports an error at the same file and line; where it does not (742 rows), ngxlint reports no
// syntax or directive error, with the manifest's named exceptions. Uses the stored verdicts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  copyCorpus,
  readVerdicts,
  type CorpusCopy,
  type Problem,
  type VerdictRow,
} from './nginx-t-setup.js';

const REJECTING = new Set(['syntax', 'directive-unknown', 'directive-context', 'directive-args']);

/** Known defects of the oracle (MANIFEST §5): nginx ran these through a wrapper they do not
 * need, or followed an include out of the corpus. Parsed directly, the ingress files end inside
 * a block: crossplane says :182 and :135, nginx counts the line after the final newline. */
const APART: Record<string, { file: string; line: number } | null> = {
  'ingress-nginx/test/data/cleanConf.src.conf': {
    file: 'ingress-nginx/test/data/cleanConf.src.conf',
    line: 183,
  },
  'ingress-nginx/test/data/cleanConf.expected.conf': {
    file: 'ingress-nginx/test/data/cleanConf.expected.conf',
    line: 136,
  },
  'linuxserver-baseimage-alpine-nginx/root/etc/nginx/nginx.conf': null,
};

/** Table B: nginx stopped (at a missing module or file, or a semantic error) before the line
 * crossplane rejects; ngxlint reports crossplane's error there (an end of file one line later,
 * as nginx counts it; 0: anywhere in the file). */
const CROSSPLANE_ERROR: Record<string, number> = {
  'nginx-go-crossplane-tests/configs/braces/extra-brace.conf': 11,
  'nginx-go-crossplane-tests/configs/braces/missing-brace.conf': 23,
  'certbot/certbot/src/certbot/_internal/tests/plugins/nginx/testdata/etc_nginx/broken.conf': 0,
  'certbot/certbot-compatibility-test/nginx/nginx-roundtrip-testdata/guide-to-nginx-ssl-spdy-hsts/nginx.conf': 63,
};

let copy: CorpusCopy;
const rows = readVerdicts();

before(async () => {
  copy = await copyCorpus();
});

after(() => copy?.cleanup());

function show(problems: Problem[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.source} ${p.message}`).join('; ');
}

test('the stored verdicts have the counts the manifest gives', () => {
  assert.equal(rows.length, 795);
  assert.equal(rows.filter((r) => REJECTING.has(r.klass)).length, 53);
});

test('ngxlint agrees with nginx -t on every corpus tree', () => {
  const misses: string[] = [];
  const falseErrors: string[] = [];
  const semanticOnAccepted: string[] = [];
  let agreeReject = 0;
  let agreeAccept = 0;
  let crossplaneKept = 0;
  let apart = 0;

  for (const row of rows) {
    const { errors, semantic } = copy.lint(copy.target(row));

    if (row.path in APART) {
      const want = APART[row.path];

      apart++;

      if (want && !errors.some((e) => e.file === want.file && e.line === want.line)) {
        misses.push(
          `${row.path}: expected the direct parse's error at :${want.line}, got ${show(errors)}`,
        );
      }

      continue;
    }

    if (row.syntaxOk && semantic.length > 0) {
      semanticOnAccepted.push(`${row.path}: ${show(semantic)}`);
    }

    if (REJECTING.has(row.klass)) {
      const at = row.at!;

      if (errors.some((e) => e.file === at.file && e.line === at.line)) agreeReject++;
      else misses.push(`${row.path}: nginx ${row.message}; ngxlint ${show(errors) || 'nothing'}`);

      continue;
    }

    if (row.path in CROSSPLANE_ERROR) {
      const line = CROSSPLANE_ERROR[row.path];

      if (errors.some((e) => e.file === row.path && (line === 0 || e.line === line)))
        crossplaneKept++;
      else
        misses.push(
          `${row.path}: expected crossplane's error at :${line}, got ${show(errors) || 'nothing'}`,
        );

      continue;
    }

    if (errors.length === 0) agreeAccept++;
    else falseErrors.push(`${row.path} (${row.klass}): ${show(errors)}`);
  }

  const rejecting = rows.filter((r) => REJECTING.has(r.klass) && !(r.path in APART)).length;
  const accepting = rows.length - rejecting - apart - Object.keys(CROSSPLANE_ERROR).length;

  console.log(
    `nginx -t agreement: rejected ${agreeReject}/${rejecting} at nginx's file:line; ` +
      `accepted ${agreeAccept}/${accepting} with no syntax or directive error; ` +
      `crossplane's error kept where nginx stopped earlier ${crossplaneKept}/4; ` +
      `kept apart (oracle defects) ${apart}; semantic findings on trees nginx accepted ${semanticOnAccepted.length}`,
  );

  assert.deepEqual([...misses, ...falseErrors], []);
  assert.deepEqual(semanticOnAccepted, []);
});

export type { VerdictRow };
