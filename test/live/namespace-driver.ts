// Runs inside a throw-away network, mount and pid namespace (started by test/e2e/live-*.test.ts
// through `unshare -n -m -p --fork --mount-proc`): brings loopback up, mounts tmpfs over the
// paths the deployment writes (/run, /var/log/nginx, /var/lib/nginx, /srv) so nothing lands on
// the machine, then plays a plan of steps (start an app, start nginx, send requests, run
// `ngxlint ports`) and writes what happened as JSON. Every wait is bounded; every process it
// started is stopped, and leaving the pid namespace ends whatever is left.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';

export type Step =
  | {
      op: 'start';
      id: string;
      argv: string[];
      env: Record<string, string>;
      cwd: string;
      port: number;
    }
  | { op: 'stop'; id: string }
  | { op: 'nginx'; args: string[] }
  | {
      op: 'requests';
      label: string;
      list: Array<{ id: string; port: number; host: string; path: string }>;
    }
  | { op: 'ports'; label: string; argv: string[] };

export interface Plan {
  /** Folder bound at /srv/app (the deployment's WorkingDirectory). */
  srvApp: string;
  steps: Step[];
  out: string;
}

export type Outcome =
  | { op: 'start'; id: string; pid: number; listening: boolean; stderr: string }
  | { op: 'stop'; id: string }
  | { op: 'nginx'; ok: boolean; stderr: string; pid?: number }
  | {
      op: 'requests';
      label: string;
      results: Array<{ id: string; status: number | null; body: string; error?: string }>;
    }
  | { op: 'ports'; label: string; status: number | null; stdout: string; stderr: string };

const children = new Map<string, { child: ChildProcess; stderr: () => string }>();

function setUp(plan: Plan): void {
  execFileSync('ip', ['link', 'set', 'lo', 'up']);

  for (const dir of ['/run', '/var/log/nginx', '/var/lib/nginx', '/srv']) {
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', dir]);
  }

  mkdirSync('/srv/app');
  execFileSync('mount', ['--bind', plan.srvApp, '/srv/app']);
  mkdirSync('/var/lib/nginx/body', { recursive: true });
}

function launch(
  id: string,
  argv: string[],
  env: Record<string, string>,
  cwd: string,
): ChildProcess {
  const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';

  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.on('error', (error) => {
    stderr += String(error);
  });
  children.set(id, { child, stderr: () => stderr });

  return child;
}

async function waitForPort(port: number, ms: number, child?: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + ms;

  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) return false;
    if (await canConnect(port)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }

  return false;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });

    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function get(
  port: number,
  host: string,
  path: string,
): Promise<{ status: number | null; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host }, timeout: 5000 },
      (res) => {
        let body = '';

        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? null, body: body.slice(0, 300) }));
      },
    );

    req.on('error', (error) => resolve({ status: null, body: '', error: String(error) }));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

async function stopChild(id: string): Promise<void> {
  const entry = children.get(id);

  children.delete(id);

  if (!entry || entry.child.exitCode !== null || entry.child.signalCode !== null) return;

  const exited = new Promise<void>((r) => entry.child.once('exit', () => r()));

  entry.child.kill('SIGTERM');

  const timer = setTimeout(() => entry.child.kill('SIGKILL'), 5000);

  await exited;
  clearTimeout(timer);
}

async function play(plan: Plan): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];

  for (const step of plan.steps) {
    if (step.op === 'start') {
      const child = launch(step.id, step.argv, step.env, step.cwd);
      const listening = await waitForPort(step.port, 20_000, child);

      outcomes.push({
        op: 'start',
        id: step.id,
        pid: child.pid ?? -1,
        listening,
        stderr: children.get(step.id)!.stderr(),
      });
    } else if (step.op === 'stop') {
      await stopChild(step.id);
      outcomes.push({ op: 'stop', id: step.id });
    } else if (step.op === 'nginx') {
      const child = launch(
        'nginx',
        ['nginx', ...step.args, '-g', 'daemon off;'],
        { PATH: '/usr/sbin:/usr/bin:/bin' },
        '/',
      );
      let ok = await waitForPort(80, 10_000, child);

      // nginx listens on each socket as it binds it, then retries a failed bind for a few
      // seconds: port 80 may answer although the start has already failed.
      await new Promise((r) => setTimeout(r, 800));
      ok &&= child.exitCode === null && !children.get('nginx')!.stderr().includes('[emerg]');

      outcomes.push({ op: 'nginx', ok, stderr: children.get('nginx')!.stderr(), pid: child.pid });

      if (!ok) break;
    } else if (step.op === 'requests') {
      const results = [];

      for (const r of step.list) results.push({ id: r.id, ...(await get(r.port, r.host, r.path)) });
      outcomes.push({ op: 'requests', label: step.label, results });
    } else {
      const run = spawnSync(step.argv[0], step.argv.slice(1), {
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, NO_COLOR: '1' },
      });

      outcomes.push({
        op: 'ports',
        label: step.label,
        status: run.status,
        stdout: run.stdout,
        stderr: run.stderr,
      });
    }
  }

  return outcomes;
}

async function main(): Promise<void> {
  const plan = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Plan;
  let outcomes: Outcome[] = [];
  let error: string | undefined;

  try {
    setUp(plan);
    outcomes = await play(plan);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  } finally {
    for (const id of [...children.keys()]) await stopChild(id);
  }

  writeFileSync(plan.out, JSON.stringify({ outcomes, error }, null, 2));
}

await main();
