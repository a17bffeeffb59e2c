// Runs `nginx -t` on a generated tree the only way this project allows: inside a throw-away
// network and mount namespace with loopback up, with `-p` and `-e` inside the tree, timed by
// GNU time from inside the namespace so the figures are nginx's alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
export const GNU_TIME = '/usr/bin/time';

export interface Measurement {
  /** Wall time in seconds. */
  seconds: number;
  /** Peak resident set size in KiB. */
  maxRssKb: number;
  exitCode: number;
  stderr: string;
}

/** What is missing to run nginx -t in a sandbox, or null when everything is there. */
export function nginxSandboxMissing(): string | null {
  for (const tool of [NGINX, GNU_TIME, '/usr/bin/unshare', '/usr/sbin/ip']) {
    if (!existsSync(tool)) return `${tool} is not installed`;
  }

  const probe = spawnSync('unshare', ['-n', '-m', 'ip', 'link', 'set', 'lo', 'up'], {
    encoding: 'utf8',
  });

  if (probe.status !== 0) return `unshare -n -m failed: ${probe.stderr.trim() || probe.error}`;

  return null;
}

/** Parses GNU time's `-f '%e %M'` output (the last line; earlier ones are its warnings). */
export function readTimeFile(path: string): { seconds: number; maxRssKb: number } {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const [seconds, rss] = lines[lines.length - 1].trim().split(/\s+/);

  return { seconds: Number(seconds), maxRssKb: Number(rss) };
}

/** `nginx -t` on a tree whose prefix is `root` and whose main file is `root/nginx.conf`. */
export function runNginxTest(root: string, entry = join(root, 'nginx.conf')): Measurement {
  const scratch = mkdtempSync(join(tmpdir(), 'ngxlint-bench-time-'));
  const timeFile = join(scratch, 'time');
  // $1..$4: time file, nginx, prefix, main file. `exec` keeps the measured process nginx.
  const script =
    'ip link set lo up && exec /usr/bin/time -f "%e %M" -o "$1" ' +
    '"$2" -t -q -p "$3/" -c "$4" -e "$3/logs/error.log"';

  try {
    const run = spawnSync(
      'unshare',
      ['-n', '-m', 'sh', '-c', script, 'sh', timeFile, NGINX, root, entry],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const exitCode = run.status ?? -1;

    if (!existsSync(timeFile)) {
      return { seconds: NaN, maxRssKb: NaN, exitCode, stderr: run.stderr || String(run.error) };
    }

    return { ...readTimeFile(timeFile), exitCode, stderr: run.stderr };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs a command under GNU time (outside any namespace: ngxlint binds nothing). */
export function runTimed(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Measurement & { stdout: string } {
  const scratch = mkdtempSync(join(tmpdir(), 'ngxlint-bench-time-'));
  const timeFile = join(scratch, 'time');

  try {
    const run = spawnSync(GNU_TIME, ['-f', '%e %M', '-o', timeFile, command, ...args], {
      cwd: options.cwd,
      env: options.env,
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
    });
    const measured = existsSync(timeFile)
      ? readTimeFile(timeFile)
      : { seconds: NaN, maxRssKb: NaN };

    return { ...measured, exitCode: run.status ?? -1, stderr: run.stderr, stdout: run.stdout };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
