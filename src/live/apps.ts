// Which processes are the app, and how many independent copies of it run. An app process is
// one whose command is an ASGI/WSGI server (uvicorn, gunicorn, hypercorn, daphne, `fastapi
// run`), or one that holds the app port or its alternate. Processes below another app process
// (workers, a reloader's child) belong to that one's tree.
import { basename } from 'node:path';
import type { LiveProcess, LiveSnapshot } from './types.js';
import { holdersOfPort } from './holders.js';

export const APP_SERVERS = ['uvicorn', 'gunicorn', 'hypercorn', 'daphne'];

/** Does argv start an app server, directly, as a script (`python3 /usr/bin/uvicorn`) or as
 * a module (`python3 -m uvicorn`)? Extra names come from the rule's options. */
export function isAppCommand(argv: string[], names: readonly string[] = APP_SERVERS): boolean {
  if (argv.length === 0) return false;

  const first = basename(argv[0]);

  if (names.includes(first)) return true;
  if (first === 'fastapi' && argv[1] === 'run') return true;
  if (!/^python[0-9.]*$/.test(first)) return false;

  const module = argv.indexOf('-m');

  if (module > 0 && names.includes(argv[module + 1] ?? '')) return true;

  const script = argv.slice(1).find((a) => !a.startsWith('-'));

  return script !== undefined && names.includes(basename(script));
}

export interface AppTree {
  root: LiveProcess;
  /** Every app process of the tree, root first. */
  members: LiveProcess[];
  /** Ports of `ports` that the tree's processes hold. */
  ports: number[];
}

/** Independent app process trees, oldest root (lowest pid) first. */
export function appTrees(
  snapshot: LiveSnapshot,
  appPorts: number[],
  names: readonly string[] = APP_SERVERS,
): AppTree[] {
  const apps = new Map<number, LiveProcess>();
  const portsByPid = new Map<number, number[]>();

  for (const process of snapshot.processes.values()) {
    if (isAppCommand(process.argv, names)) apps.set(process.pid, process);
  }

  for (const port of appPorts) {
    for (const holder of holdersOfPort(snapshot, port)) {
      apps.set(holder.pid, holder);
      portsByPid.set(holder.pid, [...(portsByPid.get(holder.pid) ?? []), port]);
    }
  }

  const trees = new Map<number, AppTree>();

  for (const process of [...apps.values()].sort((a, b) => a.pid - b.pid)) {
    const root = appRoot(snapshot, process, apps);
    const tree = trees.get(root.pid) ?? { root, members: [], ports: [] };

    tree.members.push(process);

    for (const port of portsByPid.get(process.pid) ?? []) {
      if (!tree.ports.includes(port)) tree.ports.push(port);
    }

    trees.set(root.pid, tree);
  }

  return [...trees.values()].sort((a, b) => a.root.pid - b.root.pid);
}

/** The outermost app process above this one (itself when no ancestor is an app process). */
function appRoot(
  snapshot: LiveSnapshot,
  process: LiveProcess,
  apps: Map<number, LiveProcess>,
): LiveProcess {
  let root = process;
  let current: LiveProcess | undefined = process;
  const seen = new Set<number>();

  while (current && current.ppid !== null && current.ppid > 0 && !seen.has(current.pid)) {
    seen.add(current.pid);
    current = snapshot.processes.get(current.ppid);
    if (current && apps.has(current.pid)) root = current;
  }

  return root;
}
