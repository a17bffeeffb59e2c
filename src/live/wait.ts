// `--wait-free PORT`: poll the socket tables until nothing holds the port or the time is up.
// Polling reads only /proc/net (cheap); the holders are looked up once, at the end.
import type { ListeningSocket } from './types.js';

export interface WaitOptions {
  port: number;
  timeoutMs: number;
  intervalMs?: number;
  /** Reads the current listening sockets. */
  readSockets: () => ListeningSocket[];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface WaitResult {
  free: boolean;
  waitedMs: number;
  /** Sockets still on the port when the time ran out. */
  held: ListeningSocket[];
}

/** Resolves as soon as no TCP listener or bound UDP socket is on the port, or at the timeout. */
export async function waitForFreePort(options: WaitOptions): Promise<WaitResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const interval = options.intervalMs ?? 100;
  const start = now();

  for (;;) {
    const held = options.readSockets().filter((s) => s.port === options.port);
    const waitedMs = now() - start;

    if (held.length === 0) return { free: true, waitedMs, held };
    if (waitedMs >= options.timeoutMs) return { free: false, waitedMs, held };

    await sleep(Math.min(interval, Math.max(1, options.timeoutMs - waitedMs)));
  }
}

/** `10s`, `500ms`, `2m`, or a bare number of seconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());

  if (!match) return null;

  const value = Number(match[1]);
  const unit = match[2] ?? 's';

  return Math.round(value * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000));
}
