// Runs live rules through the engine's runner on a snapshot made in the test, with an nginx
// config parsed from text when one is given.
import { runRules } from '../../src/engine/runner.js';
import { resolveRuleSettings } from '../../src/engine/settings.js';
import type { Finding, PortPolicy, Project, RuleDefinition } from '../../src/engine/types.js';
import { parseBytes } from '../../src/syntax/parser.js';
import type { ParsedConfig } from '../../src/syntax/tree.js';
import type { LiveInput } from '../../src/live/live-input.js';
import type {
  Capability,
  ListeningSocket,
  LiveProcess,
  LiveSnapshot,
} from '../../src/live/types.js';

export const CONF = '/srv/site/nginx.conf';
export const ANCHOR = '/srv/site/ngxlint.config.json';

export function policy(overrides: Partial<PortPolicy> = {}): PortPolicy {
  return {
    appPort: 8000,
    appPortSources: [{ kind: 'default', label: "uvicorn's default port" }],
    alternatePort: 8001,
    nginxPorts: [80, 443],
    ...overrides,
  };
}

export function tcp(
  address: string,
  port: number,
  holders: number[],
  extra: Partial<ListeningSocket> = {},
): ListeningSocket {
  return {
    protocol: 'tcp',
    family: address === '*' ? null : address.includes(':') ? 6 : 4,
    address,
    port,
    inode: port * 10 + holders.length,
    holders,
    ...extra,
  };
}

export function proc(
  pid: number,
  ppid: number | null,
  argv: string[],
  extra: Partial<LiveProcess> = {},
): LiveProcess {
  const name = (argv[0] ?? '').split('/').at(-1)!.split(':')[0].slice(0, 15);

  return { pid, ppid, name, argv, uid: 0, user: 'root', ...extra };
}

export function snapshot(
  sockets: ListeningSocket[],
  processes: LiveProcess[],
  extra: Partial<LiveSnapshot> = {},
): LiveSnapshot {
  return {
    source: 'proc',
    sockets,
    processes: new Map(processes.map((p) => [p.pid, p])),
    missing: new Map<Capability, string>(),
    unreadableFds: 0,
    notes: [],
    unixListeners: [],
    ...extra,
  };
}

export function parseConf(text: string, file = CONF): ParsedConfig {
  const parsed = parseBytes(Buffer.from(text), file);

  return {
    files: [{ path: file, nodes: parsed.nodes, errors: parsed.errors }],
    errors: parsed.errors,
    prefix: '/srv/site',
    entryContext: [],
  };
}

export interface LiveRun {
  findings: Finding[];
  skipped: string[];
}

/** Runs one rule on the snapshot; `conf` is nginx config text. */
export function runLive(
  rule: RuleDefinition<any>,
  live: LiveSnapshot,
  options: { conf?: string; policy?: PortPolicy; options?: Record<string, unknown> } = {},
): LiveRun {
  const skipped: string[] = [];
  const input: LiveInput = {
    snapshot: live,
    anchorFile: ANCHOR,
    couldNotRun: (name, reason) => skipped.push(`${name}: ${reason}`),
  };
  const project: Project & { live: LiveInput } = {
    root: '/srv/site',
    configs: options.conf !== undefined ? [parseConf(options.conf)] : [],
    policy: options.policy ?? policy(),
    live: input,
  };
  const settings = resolveRuleSettings(
    [rule],
    options.options ? { [rule.id]: [rule.severity, options.options] } : {},
  );

  return { findings: runRules(project, [rule], settings), skipped };
}

/** file:line:col-endLine:endCol messageText, for compact assertions. */
export function where(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn}`;
}
