// The port policy of a run, and where each value came from. The app port is declared by a flag
// (--app-port / --uvicorn-port), else UVICORN_PORT in ngxlint's environment, else the project
// config; without a declaration it is the port the app's launchers bind, else 8000.
import { LintInputError } from './engine/errors.js';
import type { AppBinding, PortPolicy, PortSource } from './engine/types.js';
import type { LoadedConfig } from './config/types.js';

export const DEFAULT_APP_PORT = 8000;
export const DEFAULT_ALTERNATE_PORT = 8001;
export const DEFAULT_NGINX_PORTS = [80, 443];

export interface PolicyInputs {
  /** From the command line: the port and the flag that gave it. */
  flag?: { port: number; name: string };
  /** ngxlint's own environment (only UVICORN_PORT is read). */
  env?: Record<string, string | undefined>;
  config?: LoadedConfig;
  /** Addresses the launchers bind (the launcher hook; empty until src/deploy reports). */
  bindings?: AppBinding[];
}

export function resolvePolicy(inputs: PolicyInputs): PortPolicy {
  const config = inputs.config?.config ?? {};
  const locate = (pointer: string) => inputs.config?.locate(pointer);
  const bindings = inputs.bindings ?? [];
  const { appPort, appPortSources } = resolveAppPort(inputs, bindings);

  const { alternatePort, alternatePortSources } = resolveAlternatePort(inputs, appPort);

  const nginxPorts = config.nginx?.ports ?? DEFAULT_NGINX_PORTS;
  const nginxPortsSource: PortSource = config.nginx?.ports
    ? {
        kind: 'config',
        label: 'nginx.ports in the project config',
        location: locate('/nginx/ports'),
      }
    : { kind: 'default', label: 'the default nginx ports 80, 443' };

  return {
    appPort,
    appPortSources,
    alternatePort,
    alternatePortSources,
    nginxPorts,
    nginxPortsSource,
    nginxAsRoot: config.nginx?.asRoot ?? true,
    bindings,
  };
}

/** The other port the app may use; never the app port itself, so no rule compares a port with
 * itself. A flag or UVICORN_PORT that picks the configured alternate swaps the pair. */
function resolveAlternatePort(
  inputs: PolicyInputs,
  appPort: number,
): { alternatePort: number; alternatePortSources: PortSource[] } {
  const app = inputs.config?.config.app;
  const locate = (pointer: string) => inputs.config?.locate(pointer);

  if (app?.alternatePort !== undefined && app.alternatePort !== appPort) {
    return {
      alternatePort: app.alternatePort,
      alternatePortSources: [
        {
          kind: 'config',
          label: 'app.alternatePort in the project config',
          location: locate('/app/alternatePort'),
        },
      ],
    };
  }

  if (app?.alternatePort !== undefined && app.port !== undefined && app.port !== appPort) {
    return {
      alternatePort: app.port,
      alternatePortSources: [
        { kind: 'config', label: 'app.port in the project config', location: locate('/app/port') },
      ],
    };
  }

  return {
    alternatePort: appPort === DEFAULT_ALTERNATE_PORT ? DEFAULT_APP_PORT : DEFAULT_ALTERNATE_PORT,
    alternatePortSources: [{ kind: 'default', label: 'the default pairing 8000/8001' }],
  };
}

function resolveAppPort(
  inputs: PolicyInputs,
  bindings: AppBinding[],
): { appPort: number; appPortSources: PortSource[] } {
  if (inputs.flag) {
    return {
      appPort: inputs.flag.port,
      appPortSources: [{ kind: 'flag', label: inputs.flag.name }],
    };
  }

  const fromEnv = inputs.env?.UVICORN_PORT;

  if (fromEnv !== undefined && fromEnv !== '') {
    const port = parsePort(fromEnv);

    if (port === undefined) {
      throw new LintInputError(
        `UVICORN_PORT in the environment is "${fromEnv}", expected a port from 1 to 65535`,
      );
    }

    return {
      appPort: port,
      appPortSources: [{ kind: 'env', label: 'UVICORN_PORT in the environment' }],
    };
  }

  const configured = inputs.config?.config.app?.port;

  if (configured !== undefined) {
    return {
      appPort: configured,
      appPortSources: [
        {
          kind: 'config',
          label: 'app.port in the project config',
          location: inputs.config?.locate('/app/port'),
        },
      ],
    };
  }

  const launched = bindings.find((b) => b.port !== undefined);

  if (launched?.port !== undefined) {
    const sources = bindings
      .filter((b) => b.port === launched.port)
      .flatMap((b): PortSource[] => [
        { kind: 'launcher', label: b.label, location: b.location },
        ...(b.sources ?? []),
      ]);

    return { appPort: launched.port, appPortSources: sources };
  }

  return {
    appPort: DEFAULT_APP_PORT,
    appPortSources: [{ kind: 'default', label: "uvicorn's default port" }],
  };
}

/** A port from text: 1 to 65535, digits only. */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text.trim())) return undefined;

  const port = Number(text);

  return port >= 1 && port <= 65535 ? port : undefined;
}

/** How messages name a port's origin: `--app-port`, `app.port in the project config
 * (ngxlint.config.json:3)`. */
export function describeSources(
  sources: readonly PortSource[],
  relativePath: (file: string) => string,
): string {
  // One label per line: a launcher and its --port flag on one line are one place. The message
  // names the first two; the findings' related locations list them all.
  const seen = new Set<string>();
  const labels: string[] = [];

  for (const s of sources) {
    const at = s.location && `${relativePath(s.location.file)}:${s.location.line}`;

    if (at && seen.has(at)) continue;
    if (at) seen.add(at);
    labels.push(at ? `${s.label} (${at})` : s.label);
  }

  const more = labels.length - 2;

  return more > 0 ? `${labels.slice(0, 2).join(', ')} and ${more} more` : labels.join(', ');
}
