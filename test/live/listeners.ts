// Child processes that listen on loopback for the live tests. Each asks the kernel for a free
// port (port 0) unless told one, prints it, and keeps listening until stopped, or closes by
// itself after `closeAfterMs`. Every child is tracked and stopped by stopAll.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Listener {
  pid: number;
  port: number;
  child: ChildProcess;
  argv: string[];
  stop(): Promise<void>;
}

const running = new Set<Listener>();

const NODE_LISTENER = `
const [marker, protocol, host, port, closeAfter] = process.argv.slice(2);
const done = (p) => { process.stdout.write(p + '\\n'); };
if (protocol === 'udp') {
  const s = require('node:dgram').createSocket(host.includes(':') ? 'udp6' : 'udp4');
  s.bind(Number(port), host, () => done(s.address().port));
} else {
  const s = require('node:net').createServer();
  s.listen({ host, port: Number(port), ipv6Only: host === '::' ? false : undefined }, () => {
    done(s.address().port);
    if (Number(closeAfter) > 0) setTimeout(() => s.close(), Number(closeAfter));
  });
}
setInterval(() => {}, 1 << 30);
`;

let scriptPath: string | undefined;

/** The listener script, written once to a temporary file so command lines stay short. */
function listenerScript(): string {
  if (!scriptPath) {
    const dir = mkdtempSync(join(tmpdir(), 'ngxlint-listener-'));

    chmodSync(dir, 0o755);
    scriptPath = join(dir, 'listener.cjs');
    writeFileSync(scriptPath, NODE_LISTENER, { mode: 0o644 });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }

  return scriptPath;
}

/** A node listener whose command line carries `marker`. */
export function listen(options: {
  marker: string;
  host?: string;
  port?: number;
  protocol?: 'tcp' | 'udp';
  closeAfterMs?: number;
}): Promise<Listener> {
  const argv = [
    process.execPath,
    listenerScript(),
    options.marker,
    options.protocol ?? 'tcp',
    options.host ?? '127.0.0.1',
    String(options.port ?? 0),
    String(options.closeAfterMs ?? 0),
  ];

  return start(argv);
}

/** Runs a command that prints the port it listens on as its first line of output. */
export function start(argv: string[], env?: NodeJS.ProcessEnv): Promise<Listener> {
  const child = spawn(argv[0], argv.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: env ?? process.env,
  });

  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => fail(new Error(`listener did not start in 10 s: ${err}`)),
      10_000,
    );
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };

    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => fail(new Error(`listener exited with ${code}: ${err}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();

      const line = /^(\d+)\n/.exec(out);

      if (!line) return;

      clearTimeout(timer);
      child.removeAllListeners('exit');

      const listener: Listener = {
        pid: child.pid!,
        port: Number(line[1]),
        child,
        argv,
        stop: () => stopChild(listener),
      };

      running.add(listener);
      resolve(listener);
    });
  });
}

function stopChild(listener: Listener): Promise<void> {
  running.delete(listener);

  const { child } = listener;

  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();

  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Stops every listener still running; call it from after(). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((l) => l.stop()));
}

/** Does this machine have IPv6 loopback? */
export function hasIpv6(): boolean {
  return existsSync('/proc/net/if_inet6') && existsSync('/proc/net/tcp6');
}

export const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'].find(existsSync);
