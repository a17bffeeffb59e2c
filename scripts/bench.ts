// `npm run bench`: times `ngxlint parse` and a full `ngxlint lint` (SARIF out) against
// `nginx -t` on generated trees of about 10k, 100k, 300k and 1M lines, clean and with a
// finding in most servers, and prints lines per second, ratios to nginx -t and the scaling
// from one size to the next with start-up taken out.
// Usage: node BUILD/scripts/bench.js [--sizes 10000,100000] [--runs 3] [--keep] [--cpu-prof DIR]
import { cpus, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTree, type GeneratedTree } from './bench-tree.js';
import {
  NGINX,
  nginxSandboxMissing,
  runNginxTest,
  runTimed,
  type Measurement,
} from './bench-nginx.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'ngxlint.js');
const DEFAULT_SIZES = [10_000, 100_000, 300_000, 1_000_000];
const JUDGED_FROM = 300_000;

interface Options {
  sizes: number[];
  runs: number;
  keep: boolean;
  cpuProf?: string;
}

interface Figures {
  seconds: number;
  maxRssKb: number;
}

interface Row {
  label: string;
  tree: GeneratedTree;
  nginx: Figures;
  parse: Figures;
  lint: Figures;
  results: number;
}

class BenchError extends Error {
  override name = 'BenchError';
}

function parseOptions(argv: string[]): Options {
  const options: Options = { sizes: DEFAULT_SIZES, runs: 3, keep: false };

  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];

      if (next === undefined) throw new BenchError(`${flag} needs a value`);

      return next;
    };

    if (flag === '--sizes') options.sizes = value().split(',').map(Number);
    else if (flag === '--runs') options.runs = Number(value());
    else if (flag === '--keep') options.keep = true;
    else if (flag === '--cpu-prof') options.cpuProf = value();
    else throw new BenchError(`unknown flag ${flag} (--sizes, --runs, --keep, --cpu-prof)`);
  }

  if (options.sizes.some((s) => !Number.isInteger(s) || s <= 0) || !(options.runs >= 1)) {
    throw new BenchError('--sizes takes positive integers, --runs a count of at least 1');
  }

  return options;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);

  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `measure` `runs` times and keeps the median wall time and the median peak memory. */
function repeat(runs: number, measure: () => Measurement): Figures {
  const all: Measurement[] = [];

  for (let i = 0; i < runs; i += 1) all.push(measure());

  return {
    seconds: median(all.map((m) => m.seconds)),
    maxRssKb: median(all.map((m) => m.maxRssKb)),
  };
}

function nginxFigures(tree: GeneratedTree, runs: number): Figures {
  return repeat(runs, () => {
    const run = runNginxTest(tree.root, tree.entry);

    if (run.exitCode !== 0) {
      const first = run.stderr.split('\n').find((l) => l.trim()) ?? `exit ${run.exitCode}`;

      throw new BenchError(`nginx -t rejected ${tree.root}: ${first}`);
    }

    return run;
  });
}

function ngxlint(args: string[], tree: GeneratedTree, expectExit: number[], profile?: string) {
  const node = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const run = runTimed(process.execPath, [...node, CLI, ...args], {
    cwd: tree.root,
    env: { ...process.env, NO_COLOR: '1', UVICORN_PORT: undefined },
  });

  if (!expectExit.includes(run.exitCode)) {
    const first = run.stderr.split('\n').find((l) => l.trim()) ?? '';

    throw new BenchError(`ngxlint ${args[0]} exited ${run.exitCode} on ${tree.root}: ${first}`);
  }

  return run;
}

function parseArgs(tree: GeneratedTree, out: string): string[] {
  return ['parse', tree.entry, '-o', out];
}

function lintArgs(tree: GeneratedTree, out: string): string[] {
  return ['lint', '--config', tree.config, '--format', 'sarif', '--output', out, tree.root];
}

function countResults(sarifPath: string): number {
  const log = JSON.parse(readFileSync(sarifPath, 'utf8')) as {
    runs: { results?: unknown[] }[];
  };

  return log.runs.reduce((sum, run) => sum + (run.results?.length ?? 0), 0);
}

function measureTree(tree: GeneratedTree, label: string, options: Options): Row {
  const scratch = mkdtempSync(join(tmpdir(), 'ngxlint-bench-out-'));
  const payload = join(scratch, 'payload.json');
  const sarif = join(scratch, 'lint.sarif');
  const lintExit = tree.seededServers > 0 ? [1] : [0];

  try {
    const nginx = nginxFigures(tree, options.runs);
    const parse = repeat(options.runs, () => ngxlint(parseArgs(tree, payload), tree, [0]));
    const lint = repeat(options.runs, () => ngxlint(lintArgs(tree, sarif), tree, lintExit));
    const results = countResults(sarif);

    if (options.cpuProf) {
      const dir = join(options.cpuProf, label.replace(/\W+/g, '-'));

      mkdirSync(dir, { recursive: true });
      ngxlint(lintArgs(tree, sarif), tree, lintExit, dir);
    }

    return { label, tree, nginx, parse, lint, results };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const fmt = {
  s: (seconds: number) => `${seconds.toFixed(2)} s`,
  mb: (kb: number) => `${Math.round(kb / 1024)} MB`,
  rate: (lines: number, seconds: number) => `${Math.round(lines / seconds / 1000)}k lines/s`,
  ratio: (a: number, b: number) => (b > 0 ? (a / b).toFixed(3) : 'n/a'),
};

function printRow(row: Row): void {
  const { tree, nginx, parse, lint } = row;

  console.log(
    `\n${row.label}: ${tree.lines} lines, ${tree.files} files, ${tree.servers} servers, ` +
      `${row.results} SARIF results`,
  );
  console.log(
    `  nginx -t      ${fmt.s(nginx.seconds).padStart(9)} ${fmt.mb(nginx.maxRssKb).padStart(8)}` +
      `  ${fmt.rate(tree.lines, nginx.seconds)}`,
  );

  for (const [name, f] of [
    ['ngxlint parse', parse],
    ['ngxlint lint ', lint],
  ] as const) {
    console.log(
      `  ${name} ${fmt.s(f.seconds).padStart(9)} ${fmt.mb(f.maxRssKb).padStart(8)}` +
        `  ${fmt.rate(tree.lines, f.seconds)}; time ${fmt.ratio(f.seconds, nginx.seconds)}` +
        ` of nginx -t, memory ${fmt.ratio(f.maxRssKb, nginx.maxRssKb)}`,
    );
  }
}

/** Growth from one size to the next once start-up is taken out; 1.00 means linear. */
function printScaling(rows: Row[], startup: Row, pick: (r: Row) => Figures, name: string): void {
  const base = pick(startup);

  for (let i = 1; i < rows.length; i += 1) {
    const [a, b] = [rows[i - 1], rows[i]];
    const lineRatio = (b.tree.lines - startup.tree.lines) / (a.tree.lines - startup.tree.lines);
    const timeRatio = (pick(b).seconds - base.seconds) / (pick(a).seconds - base.seconds);
    const memRatio = (pick(b).maxRssKb - base.maxRssKb) / (pick(a).maxRssKb - base.maxRssKb);
    const perLine = ((pick(b).seconds - pick(a).seconds) / (b.tree.lines - a.tree.lines)) * 1e6;

    console.log(
      `  ${name} ${a.label} -> ${b.label}: lines x${lineRatio.toFixed(2)}, ` +
        `time x${timeRatio.toFixed(2)} (${(timeRatio / lineRatio).toFixed(2)} per unit), ` +
        `memory x${memRatio.toFixed(2)} (${(memRatio / lineRatio).toFixed(2)} per unit), ` +
        `slope ${perLine.toFixed(2)} µs/line`,
    );
  }
}

function judge(rows: Row[]): string[] {
  const failures: string[] = [];

  for (const row of rows.filter((r) => r.tree.lines >= JUDGED_FROM * 0.95)) {
    if (row.lint.seconds > row.nginx.seconds / 10) {
      failures.push(`${row.label}: lint took more than a tenth of nginx -t's time`);
    }

    if (row.lint.maxRssKb > row.nginx.maxRssKb / 4) {
      failures.push(`${row.label}: lint used more than a quarter of nginx -t's peak memory`);
    }
  }

  return failures;
}

function describeMachine(): string {
  const nginx = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim();

  return `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}; node ${process.version}; ${nginx}`;
}

function bench(options: Options): number {
  const missing = nginxSandboxMissing();

  if (missing) throw new BenchError(`cannot run nginx -t in a sandbox: ${missing}`);

  statSync(CLI);
  console.log(`ngxlint bench on ${describeMachine()}; median of ${options.runs} runs`);

  const work = mkdtempSync(join(tmpdir(), 'ngxlint-bench-'));

  try {
    const tree = (name: string, lines: number, findings: boolean) =>
      generateTree(join(work, name), { lines, findings });
    const startup = measureTree(tree('startup', 1, false), 'start-up', options);

    printRow(startup);

    const groups: Record<'clean' | 'findings', Row[]> = { clean: [], findings: [] };

    for (const size of options.sizes) {
      for (const kind of ['clean', 'findings'] as const) {
        const generated = tree(`${kind}-${size}`, size, kind === 'findings');
        const row = measureTree(generated, `${kind} ${size / 1000}k`, options);

        printRow(row);
        groups[kind].push(row);

        // Big trees are regenerated in a second, so only --keep leaves them on disk.
        if (!options.keep) rmSync(generated.root, { recursive: true, force: true });
      }
    }

    console.log('\nScaling (start-up subtracted):');

    for (const kind of ['clean', 'findings'] as const) {
      printScaling(groups[kind], startup, (r) => r.lint, `lint ${kind}`);
      printScaling(groups[kind], startup, (r) => r.nginx, `nginx ${kind}`);
    }

    const failures = judge([...groups.clean, ...groups.findings]);

    console.log(
      failures.length
        ? `\nTargets missed:\n  ${failures.join('\n  ')}`
        : '\nTargets met on every judged tree (lint <= 1/10 of nginx -t time, <= 1/4 of its memory)',
    );
    if (options.keep) console.log(`Trees kept in ${work}`);

    return failures.length ? 1 : 0;
  } finally {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
}

try {
  process.exitCode = bench(parseOptions(process.argv.slice(2)));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);

  console.error(`bench: ${message}`);
  process.exitCode = 2;
}
