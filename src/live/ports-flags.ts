// The flags of `ngxlint ports`, checked before anything is read: each bad value is one usage
// line that names the flag, the value as given and what is accepted, worded as `lint` does.
import { UsageError } from '../cli/errors.js';
import { parsePort } from '../policy.js';

export const PORTS_FORMATS = ['text', 'json', 'sarif'] as const;
export const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;

export type PortsFormat = (typeof PORTS_FORMATS)[number];
export type FailOn = (typeof FAIL_ON)[number];

export interface PortsFlags {
  format: PortsFormat;
  failOn: FailOn;
  appPort?: { port: number; flag: string };
  waitPort?: number;
  expectPort?: number;
}

export function readPortsFlags(argv: Record<string, unknown>): PortsFlags {
  const format = oneValue(argv.format, '--format') ?? 'text';
  const failOn = oneValue(argv['fail-on'], '--fail-on') ?? 'error';

  if (!(PORTS_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(
      `--format "${format}" is not a format, expected one of ${PORTS_FORMATS.join(', ')}`,
    );
  }

  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new UsageError(
      `--fail-on "${failOn}" is not accepted, expected one of ${FAIL_ON.join(', ')}`,
    );
  }

  return {
    format: format as PortsFormat,
    failOn: failOn as FailOn,
    appPort: readAppPort(argv),
    waitPort: portFlag(argv['wait-free'], '--wait-free'),
    expectPort: portFlag(argv['expect-free'], '--expect-free'),
  };
}

/** A flag given once; a repeated one is refused rather than silently taking the last. */
function oneValue(value: unknown, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value))
    throw new UsageError(`${flag} is given ${value.length} times, expected once`);

  return String(value);
}

/** A port flag: digits only, 1 to 65535; the message quotes the text as typed. */
export function portFlag(value: unknown, flag: string): number | undefined {
  const text = oneValue(value, flag);

  if (text === undefined) return undefined;

  const port = /^\d{1,5}$/.test(text) ? parsePort(text) : undefined;

  if (port === undefined) {
    throw new UsageError(`${flag} "${text}" is not a port, expected a number from 1 to 65535`);
  }

  return port;
}

/** --app-port and its alias --uvicorn-port; both given must agree. */
function readAppPort(argv: Record<string, unknown>): { port: number; flag: string } | undefined {
  const found: Array<{ port: number; flag: string }> = [];

  for (const flag of ['--app-port', '--uvicorn-port']) {
    const port = portFlag(argv[flag.slice(2)], flag);

    if (port !== undefined) found.push({ port, flag });
  }

  if (found.length === 2 && found[0].port !== found[1].port) {
    throw new UsageError(
      `--app-port ${found[0].port} and --uvicorn-port ${found[1].port} disagree`,
    );
  }

  return found[0];
}
