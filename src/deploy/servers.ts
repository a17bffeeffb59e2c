// Where each app server really listens, from its command line, its environment and its config,
// following the servers' own code (Debian 12: uvicorn 0.17, gunicorn 20.1):
// - uvicorn: --host/--port/--uds, else UVICORN_HOST/UVICORN_PORT/UVICORN_UDS (click reads them
//   before --env-file is loaded, so that file cannot move the port), else 127.0.0.1:8000;
// - uvicorn.run() reads no environment: the address is what the entry point passes;
// - gunicorn: -b/--bind (several), else GUNICORN_CMD_ARGS, else gunicorn.conf.py `bind`, else
//   0.0.0.0:$PORT when PORT is set, else 127.0.0.1:8000.
import type { DeployContext, RichWord } from './context.js';
import { exported, originAt, readEnvFile, readModule, showAt } from './context.js';
import { dotenvValues } from './envfile.js';
import {
  defaultOrigin,
  fromEnv,
  fromWord,
  pythonInt,
  tcpBind,
  throughCommandLine,
  unixBind,
  unusedSettings,
  type ServerAddress,
  type ServerRequest,
} from './address.js';
import { last, parseOptions, type Options } from './argv.js';
import { gunicorn, hypercorn } from './gunicorn.js';
import { serverJoin } from './paths.js';
import { evaluatePy } from './pyeval.js';
import type { Location, Origin, Sourced } from './types.js';

export type { ServerAddress, ServerRequest };

const UVICORN_VALUE_OPTIONS = new Set(
  (
    '--host --port --uds --fd --loop --http --ws --ws-max-size --ws-ping-interval ' +
    '--ws-ping-timeout --lifespan --interface --env-file --log-config --log-level ' +
    '--root-path --limit-concurrency --backlog --limit-max-requests --timeout-keep-alive ' +
    '--ssl-keyfile --ssl-certfile --ssl-keyfile-password --ssl-version --ssl-cert-reqs ' +
    '--ssl-ca-certs --ssl-ciphers --header --app-dir --workers --reload-dir ' +
    '--reload-include --reload-exclude --reload-delay --forwarded-allow-ips ' +
    '--h11-max-incomplete-event-size --timeout-graceful-shutdown --ws-per-message-deflate'
  ).split(' '),
);

/** The addresses a server command binds, with where every part came from. */
export function resolveServer(context: DeployContext, request: ServerRequest): ServerAddress {
  const address = serverAddress(context, request);

  return { ...address, settings: throughCommandLine(request, address.settings) };
}

function serverAddress(context: DeployContext, request: ServerRequest): ServerAddress {
  switch (request.server) {
    case 'uvicorn':
      return uvicorn(context, request);
    case 'gunicorn':
      return gunicorn(context, request);
    case 'hypercorn':
      return hypercorn(context, request);
    case 'fastapi':
      return fastapiCli(context, request);
    case 'python':
      return pythonScript(context, request);
  }
}

function uvicorn(context: DeployContext, request: ServerRequest): ServerAddress {
  const options = parseOptions(request.args, UVICORN_VALUE_OPTIONS);
  const settings: Origin[] = [];
  const used = new Set<string>();
  const pick = (flag: string, variable: string): Sourced<string> | 'unknown' | undefined => {
    const word = last(options.values.get(flag));

    if (word) {
      if (request.env.has(variable)) used.add(variable);

      return fromWord(context, flag, word) ?? 'unknown';
    }

    const fromEnvironment = request.env.get(variable);

    if (!fromEnvironment) return undefined;

    used.add(variable);

    // click reads an empty variable as not set.
    if (fromEnvironment.value === '') return undefined;

    return fromEnv(request.env, variable) ?? 'unknown';
  };

  // Options given on the command line override the environment: report the overridden ones.
  for (const [flag, variable] of [
    ['--port', 'UVICORN_PORT'],
    ['--host', 'UVICORN_HOST'],
  ]) {
    const variableSet = request.env.get(variable);

    if (options.values.has(flag) && variableSet) {
      settings.push({ ...variableSet.origin, effective: false, note: `overridden by ${flag}` });
    }
  }

  const envFile = last(options.values.get('--env-file'));

  if (envFile?.known) settings.push(...envFileSettings(context, request, envFile));

  const workers = Number(
    last(options.values.get('--workers'))?.value ??
      fromEnv(request.env, 'UVICORN_WORKERS')?.value ??
      fromEnv(request.env, 'WEB_CONCURRENCY')?.value ??
      1,
  );
  const reload =
    options.flags.has('--reload') || fromEnv(request.env, 'UVICORN_RELOAD')?.value === 'true';
  const app = options.positional[0];
  const entryPoint = app?.known ? appModule(context, request, app.value, options) : undefined;
  const addressFrom = '--host/--port/--uds, else UVICORN_HOST/UVICORN_PORT/UVICORN_UDS';
  const uds = pick('--uds', 'UVICORN_UDS');
  const fd = options.values.get('--fd');

  if (fd) {
    return {
      binds: [{ kind: 'tcp', unknown: 'a socket passed as --fd' }],
      settings,
      addressFrom,
      app: app?.value,
      entryPoint,
      isServer: true,
    };
  }

  if (uds) {
    settings.push(
      ...unusedSettings(request, used, 'uvicorn ignores it when it binds a unix socket'),
    );

    return {
      binds: [unixBind(uds, 'UVICORN_UDS')],
      settings,
      addressFrom,
      app: app?.value,
      entryPoint,
      isServer: true,
    };
  }

  const host = pick('--host', 'UVICORN_HOST') ?? {
    value: '127.0.0.1',
    origin: defaultOrigin('uvicorn default host'),
  };
  // The default port holds only when no env file that was not read may set UVICORN_PORT.
  const picked = pick('--port', 'UVICORN_PORT');
  const port =
    (picked === 'unknown' || picked === undefined ? picked : asPythonInt(picked)) ??
    (request.envUnread
      ? { unknown: `UVICORN_PORT may be set in ${request.envUnread}, which was not read` }
      : { value: '8000', origin: defaultOrigin('uvicorn default port') });

  settings.push(...unusedSettings(request, used, 'uvicorn does not read it'));

  // Without workers or reload, uvicorn lets asyncio create the socket, which sets IPV6_V6ONLY;
  // with them it binds one socket itself, dual-stack for "::" on a default Linux.
  const ownSocket = workers > 1 || reload;

  const bind = tcpBind(host, port, ownSocket ? 'dual' : 'v6only');

  // click converts the port with int() (an empty variable it skips): anything else stops
  // uvicorn before it listens.
  if (typeof port === 'object' && 'value' in port && port.value !== '' && !pythonInt(port.value)) {
    const systemdRead = context.envFiles.has(`systemd:${port.origin.location?.file}`);

    bind.refused = { origin: port.origin, inlineComment: systemdRead && /\s#/.test(port.value) };
  }

  return {
    binds: [bind],
    settings,
    addressFrom,
    app: app?.value,
    entryPoint,
    isServer: true,
  };
}

/** A port as click's int() reads it: ` +8_000 ` is 8000. */
function asPythonInt(port: Sourced<string>): Sourced<string> {
  const text = port.value.trim().replace(/_/g, '');

  return pythonInt(port.value) && /^[+-]?\d+$/.test(text)
    ? { ...port, value: String(Number(text)) }
    : port;
}

/** Keys of an `--env-file` that look like the address: loaded too late to move it. */
function envFileSettings(context: DeployContext, request: ServerRequest, word: RichWord): Origin[] {
  const serverPath = serverJoin(request.cwd, word.value);
  const file = serverPath && context.paths.file(serverPath, word.location, { anyFile: true });
  const read = file ? readEnvFile(context, file, 'dotenv') : undefined;

  const sameLine = (a?: Location, b?: Location) => a?.file === b?.file && a?.line === b?.line;

  return (read?.entries ?? [])
    .filter((entry) => entry.name.startsWith('UVICORN_'))
    .filter((entry) => !sameLine(request.env.get(entry.name)?.origin.location, entry.location))
    .map((entry) =>
      originAt(context, entry.name, entry.location, {
        effective: false,
        note: 'uvicorn loads --env-file only after it has read its options',
      }),
    );
}

function appModule(
  context: DeployContext,
  request: ServerRequest,
  app: string,
  options: Options,
): string | undefined {
  const module = app.split(':')[0];

  if (!module || !/^[\w.]+$/.test(module)) return undefined;

  const appDir = last(options.values.get('--app-dir'))?.value;
  const base = appDir ? serverJoin(request.cwd, appDir) : request.cwd;
  const serverPath = serverJoin(base, `${module.split('.').join('/')}.py`);

  // Quietly: uvicorn imports the module itself, so a tree without it is not an error here.
  const file = serverPath ? context.paths.optional(serverPath) : undefined;

  // Read it for its syntax: a module uvicorn cannot import is a start that fails.
  if (file) readModule(context, file);

  return file;
}

function fastapiCli(context: DeployContext, request: ServerRequest): ServerAddress {
  const options = parseOptions(
    request.args,
    new Set(['--host', '--port', '--app', '--workers', '--root-path']),
  );
  const mode = options.positional[0]?.value;
  const host = last(options.values.get('--host'));
  const port = last(options.values.get('--port'));
  const defaultHost = mode === 'run' ? '0.0.0.0' : '127.0.0.1';

  return {
    binds: [
      tcpBind(
        host
          ? (fromWord(context, '--host', host) ?? 'unknown')
          : { value: defaultHost, origin: defaultOrigin(`fastapi ${mode} default host`) },
        port
          ? (fromWord(context, '--port', port) ?? 'unknown')
          : { value: '8000', origin: defaultOrigin('fastapi default port') },
        'v6only',
      ),
    ],
    settings: unusedSettings(request, new Set(), 'the fastapi command does not read it'),
    addressFrom: '--host/--port (no environment)',
    isServer: true,
  };
}

/** `python3 main.py`: the address is what main.py passes to uvicorn.run(). */
function pythonScript(context: DeployContext, request: ServerRequest): ServerAddress {
  const script = request.script;
  const serverPath = script?.known ? serverJoin(request.cwd, script.value) : undefined;
  const file = serverPath && script ? context.paths.file(serverPath, script.location) : undefined;
  const module = file ? readModule(context, file) : undefined;
  const addressFrom = 'the host= and port= main.py passes to uvicorn.run() (no environment)';

  if (!module?.run) {
    return {
      binds: module
        ? []
        : [{ kind: 'tcp', unknown: `${script?.value ?? 'the script'} was not read` }],
      settings: [],
      addressFrom,
      entryPoint: file,
      isServer: !module,
    };
  }

  // load_dotenv() fills only variables that are not set yet.
  const env = new Map(request.env);

  if (module.loadsDotenv && file) {
    const dotenvPath = module.loadsDotenv.path
      ? serverJoin(request.cwd, module.loadsDotenv.path)
      : `${file.slice(0, file.lastIndexOf('/'))}/.env`;
    const dotenv = dotenvPath && context.paths.optional(dotenvPath, { anyFile: true });
    const read = dotenv ? readEnvFile(context, dotenv, 'dotenv') : undefined;

    const values = dotenvValues(read?.entries ?? [], (name) => request.env.get(name)?.value);
    const note = `loaded by load_dotenv() in ${showAt(context, module.loadsDotenv.location)}`;

    for (const entry of read?.entries ?? []) {
      if (env.has(entry.name) || entry.value === undefined) continue;

      const origin = originAt(context, entry.name, entry.location, { note });

      env.set(entry.name, exported(entry.name, values.get(entry.name), origin));
    }
  }

  const run = module.run;
  const read = (value: typeof run.port, name: string, fallback: string, label: string) => {
    if (!value) return { value: fallback, origin: defaultOrigin(label), reads: [] as string[] };

    return evaluatePy(context, value, env, name);
  };
  const port = read(run.port, 'port', '8000', 'uvicorn.run() default port');
  const host = read(run.host, 'host', '127.0.0.1', 'uvicorn.run() default host');
  const used = new Set([...port.reads, ...host.reads]);
  const settings = unusedSettings(
    request,
    used,
    `${script?.value ?? 'the entry point'} does not read it; uvicorn.run() reads no environment`,
  );

  if (run.uds) {
    const uds = evaluatePy(context, run.uds, env, 'uds');

    return {
      binds: [
        uds.value === undefined
          ? { kind: 'unix', unknown: 'the socket path is not known statically' }
          : { kind: 'unix', path: { value: uds.value, origin: uds.origin } },
      ],
      settings,
      addressFrom,
      entryPoint: file,
      isServer: true,
    };
  }

  return {
    binds: [
      tcpBind(
        host.value === undefined ? 'unknown' : { value: host.value, origin: host.origin },
        port.value === undefined ? 'unknown' : { value: port.value, origin: port.origin },
        'v6only',
      ),
    ],
    settings,
    addressFrom,
    entryPoint: file,
    isServer: true,
  };
}
