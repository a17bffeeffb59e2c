// Runs the real `nginx -t` (Debian 12's nginx with the stream, NDK and Lua modules) on every
// fixture of fixtures/nginx-t/ and asserts ngxlint's verdict, file and line agree. nginx binds
// the sockets it tests: each run is inside a throw-away network and mount namespace
// (`unshare -n -m`, loopback up), with -p a temporary prefix and -e a temporary error log.
// In CI a missing nginx fails the suite; elsewhere it is skipped with a loud message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, tempDir } from '../helpers.js';
import { lintFixture } from '../nginx/fixture-lint.js';

const DIR = join(FIXTURES, 'nginx-t');
const MODULES = '/usr/lib/nginx/modules';
const LOADED = ['ndk_http_module', 'ngx_http_lua_module', 'ngx_stream_module'];

/** Why the suite cannot run here, or undefined. */
function missing(): string | undefined {
  if (spawnSync('nginx', ['-v']).error) return 'nginx is not installed';

  for (const m of LOADED) {
    if (!existsSync(join(MODULES, `${m}.so`))) return `${MODULES}/${m}.so is missing`;
  }

  if (process.getuid?.() !== 0) return 'unshare -n -m needs root';

  const probe = spawnSync('unshare', ['-n', '-m', 'ip', 'link', 'set', 'lo', 'up']);

  return probe.status === 0 ? undefined : `unshare/ip failed: ${probe.stderr}`;
}

interface NginxVerdict {
  ok: boolean;
  emerg?: { message: string; file?: string; line?: number };
  warnings: string[];
  output: string;
}

function nginxT(conf: string): NginxVerdict {
  const prefix = tempDir('ngxlint-conformance-');

  try {
    mkdirSync(join(prefix.path, 'logs'));

    const loads = LOADED.map((m) => `load_module ${MODULES}/${m}.so;`).join(' ');
    const globals = `${loads} pid ${prefix.path}/nginx.pid;`;
    const script =
      'ip link set lo up && exec nginx -t -q -p "$1/" -e "$1/error.log" -c "$2" -g "$3"';
    const run = spawnSync(
      'unshare',
      ['-n', '-m', 'sh', '-c', script, 'sh', prefix.path, conf, globals],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    const output = `${run.stdout}${run.stderr}`;
    // Most errors name a file and line; a few (`no "events" section in configuration`) none.
    const emerg = /\[emerg\] (.*?)(?: in (\S+):(\d+))?$/m.exec(output);
    const warnings = [...output.matchAll(/\[warn\] (.*?)(?: in \S+:\d+)?$/gm)].map((m) => m[1]);

    return {
      ok: run.status === 0,
      ...(emerg
        ? {
            emerg: {
              message: emerg[1],
              ...(emerg[2] ? { file: emerg[2], line: Number(emerg[3]) } : {}),
            },
          }
        : {}),
      warnings,
      output,
    };
  } finally {
    prefix.cleanup();
  }
}

const why = missing();

if (why && process.env.CI) {
  test('nginx -t conformance', () => assert.fail(`cannot run nginx -t in CI: ${why}`));
} else if (why) {
  console.error(`\n*** SKIPPED: nginx -t conformance suite: ${why} ***\n`);
  test('nginx -t conformance', { skip: `SKIPPED LOUDLY: ${why}` }, () => {});
} else {
  for (const name of readdirSync(DIR).sort()) {
    test(`nginx -t agrees with ngxlint on fixture ${name}`, () => {
      const entry = join(DIR, name, 'nginx.conf');
      const nginx = nginxT(entry);
      const ours = lintFixture(entry);
      const errors = ours.filter((f) => f.severity === 'error');

      if (nginx.ok) {
        // NGX024's and NGX027's conflicts pass nginx -t by nature; they fail at start.
        assert.deepEqual(
          errors.filter((f) => f.ruleId !== 'NGX024' && f.ruleId !== 'NGX027'),
          [],
          nginx.output,
        );
      } else {
        assert.ok(nginx.emerg, `nginx failed without an [emerg] line: ${nginx.output}`);

        // nginx names the line its reader is on when the directive ends (its `;` or `{`);
        // ngxlint's finding starts at the directive's name and runs to that end. An error
        // nginx gives no place is matched in the entry file.
        const { file = entry, line } = nginx.emerg;
        const at = errors.find(
          (f) => f.file === file && (line === undefined || (f.line <= line && line <= f.endLine)),
        );

        assert.ok(at, `nginx: ${nginx.output}\nngxlint: ${JSON.stringify(ours)}`);
        assert.ok(
          at.message.startsWith(nginx.emerg.message),
          `ngxlint says "${at.message}", nginx "${nginx.emerg.message}"`,
        );
      }

      for (const warning of nginx.warnings.filter((w) =>
        /conflicting server name|protocol options/.test(w),
      )) {
        assert.ok(
          ours.some((f) => f.severity === 'warning' && f.message.startsWith(warning)),
          `nginx warned "${warning}", ngxlint did not`,
        );
      }
    });
  }
}
