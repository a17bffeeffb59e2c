// Where each app server really listens, from its command line, its environment and its config,
// following the servers' own code (Debian 12: uvicorn 0.17, gunicorn 20.1):
// - uvicorn: --host/--port/--uds, else UVICORN_HOST/UVICORN_PORT/UVICORN_UDS (click reads them
//   before --env-file is loaded, so that file cannot move the port), else 127.0.0.1:8000;
// - uvicorn.run() reads no environment: the address is what the entry point passes;
// - gunicorn: -b/--bind (several), else GUNICORN_CMD_ARGS, else gunicorn.conf.py `bind`, else
//   0.0.0.0:$PORT when PORT is set, else 127.0.0.1:8000.
import type { DeployContext, RichWord } from './context.js';
import { originAt, readEnvFile, readModule, showAt } from './context.js';
import { serverJoin } from './paths.js';
import { FileText } from './text.js';
import { evaluatePy } from './pyeval.js';
import type { Bind, EnvVar, Location, Origin, ServerKind, Sourced } from './types.js';

export interface ServerRequest {
  server: ServerKind;
  /** Arguments after the program (for python: after the interpreter's own flags). */
  args: RichWord[];
  env: Map<string, EnvVar>;
  /** Shell variables that were set but not exported: they never reach the server. */
  unexported: EnvVar[];
  cwd?: string;
  /** For `python3 main.py`: the script word. */
  script?: RichWord;
  location: Location;
}

export interface ServerAddress {
  binds: Bind[];
  settings: Origin[];
  addressFrom: string;
  daemonizes?: Location;
  app?: string;
  entryPoint?: string;
  /** false when a python script turned out not to start a server. */
  isServer: boolean;
}

const UVICORN_VALUE_OPTIONS = new Set(
  ('--host --port --uds --fd --loop --http --ws --ws-max-size --ws-ping-interval ' +
    '--ws-ping-timeout --lifespan --interface --env-file --log-config --log-level ' +
    '--root-path --limit-concurrency --backlog --limit-max-requests --timeout-keep-alive ' +
    '--ssl-keyfile --ssl-certfile --ssl-keyfile-password --ssl-version --ssl-cert-reqs ' +
    '--ssl-ca-certs --ssl-ciphers --header --app-dir --workers --reload-dir ' +
    '--reload-include --reload-exclude --reload-delay --forwarded-allow-ips ' +
    '--h11-max-incomplete-event-size --timeout-graceful-shutdown --ws-per-message-deflate').split(
    ' ',
  ),
);

const GUNICORN_VALUE_OPTIONS = new Set(
  ('-b --bind -c --config -w --workers -k --worker-class -t --timeout -e --env --chdir ' +
    '-p --pid -u --user -g --group -m --umask -n --name --log-level --access-logfile ' +
    '--error-logfile --log-file --log-config --threads --worker-connections --max-requests ' +
    '--max-requests-jitter --graceful-timeout --keep-alive --backlog --forwarded-allow-ips ' +
    '--pythonpath --paste --certfile --keyfile --ca-certs --worker-tmp-dir --limit-request-line ' +
    '--limit-request-fields --limit-request-field_size --proxy-allow-from').split(' '),
);

const PORT_NAMES = /(^|_)(PORT|HOST|UDS|BIND)$|^GUNICORN_CMD_ARGS$/;

/** The addresses a server command binds, with where every part came from. */
export function resolveServer(context: DeployContext, request: ServerRequest): ServerAddress {
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

interface Options {
  values: Map<string, RichWord[]>;
  flags: Map<string, RichWord>;
  positional: RichWord[];
}

/** Splits `--opt value`, `--opt=value`, `-bVALUE` and positionals. */
function parseOptions(args: RichWord[], valued: Set<string>): Options {
  const options: Options = { values: new Map(), flags: new Map(), positional: [] };
  const add = (name: string, word: RichWord) =>
    options.values.set(name, [...(options.values.get(name) ?? []), word]);

  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const text = word.value;

    if (!text.startsWith('-') || text === '-') {
      options.positional.push(word);
      continue;
    }

    const equals = text.indexOf('=');

    if (text.startsWith('--') && equals > 0 && valued.has(text.slice(0, equals))) {
      add(text.slice(0, equals), sliceWord(word, equals + 1));
    } else if (valued.has(text)) {
      if (args[i + 1]) add(text, args[++i]);
    } else if (!text.startsWith('--') && text.length > 2 && valued.has(text.slice(0, 2))) {
      add(text.slice(0, 2), sliceWord(word, 2));
    } else {
      options.flags.set(equals > 0 ? text.slice(0, equals) : text, word);
    }
  }

  return options;
}

function sliceWord(word: RichWord, from: number): RichWord {
  const offsets = word.offsets.slice(from);
  const start = offsets[0];
  const location =
    start === undefined
      ? word.location
      : word.text.host.location(start, (offsets[offsets.length - 1] ?? start) + 1);

  return { ...word, value: word.value.slice(from), offsets, location };
}

function last<T>(items: T[] | undefined): T | undefined {
  return items?.[items.length - 1];
}

function flagOrigin(context: DeployContext, name: string, word: RichWord): Origin {
  return originAt(context, name, word.location);
}

function fromWord(context: DeployContext, name: string, word: RichWord): Sourced<string> | undefined {
  return word.known ? { value: word.value, origin: flagOrigin(context, name, word) } : undefined;
}

function fromEnv(env: Map<string, EnvVar>, name: string): Sourced<string> | undefined {
  const found = env.get(name);

  return found && found.value !== undefined ? { value: found.value, origin: found.origin } : undefined;
}

function defaultOrigin(label: string): Origin {
  return { label, effective: true };
}

/** Settings that name a port or host but were not exported, or were overridden. */
function unusedSettings(request: ServerRequest, used: Set<string>, why: string): Origin[] {
  const out: Origin[] = [];

  for (const variable of request.unexported) {
    if (PORT_NAMES.test(variable.name)) {
      out.push({ ...variable.origin, effective: false, note: 'set but not exported' });
    }
  }

  for (const variable of request.env.values()) {
    if (PORT_NAMES.test(variable.name) && !used.has(variable.name)) {
      out.push({ ...variable.origin, effective: false, note: why });
    }
  }

  return out;
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

    return fromEnv(request.env, variable) ?? 'unknown';
  };

  // Options given on the command line override the environment: report the overridden ones.
  for (const [flag, variable] of [['--port', 'UVICORN_PORT'], ['--host', 'UVICORN_HOST']]) {
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
  const reload = options.flags.has('--reload') || fromEnv(request.env, 'UVICORN_RELOAD')?.value === 'true';
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
    settings.push(...unusedSettings(request, used, 'uvicorn ignores it when it binds a unix socket'));

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
  const port = pick('--port', 'UVICORN_PORT') ?? {
    value: '8000',
    origin: defaultOrigin('uvicorn default port'),
  };

  settings.push(...unusedSettings(request, used, 'uvicorn does not read it'));

  // Without workers or reload, uvicorn lets asyncio create the socket, which sets IPV6_V6ONLY;
  // with them it binds one socket itself, dual-stack for "::" on a default Linux.
  const ownSocket = workers > 1 || reload;

  return {
    binds: [tcpBind(host, port, ownSocket ? 'dual' : 'v6only')],
    settings,
    addressFrom,
    app: app?.value,
    entryPoint,
    isServer: true,
  };
}

/** Keys of an `--env-file` that look like the address: loaded too late to move it. */
function envFileSettings(context: DeployContext, request: ServerRequest, word: RichWord): Origin[] {
  const serverPath = serverJoin(request.cwd, word.value);
  const file = serverPath && context.paths.file(serverPath, word.location);
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

function unixBind(path: Sourced<string> | 'unknown', variable: string): Bind {
  if (path === 'unknown') return { kind: 'unix', unknown: `${variable} or its flag is not known` };

  return { kind: 'unix', path };
}

function tcpBind(
  host: Sourced<string> | 'unknown',
  port: Sourced<string> | 'unknown',
  ipv6Any: 'dual' | 'v6only',
): Bind {
  const bind: Bind = { kind: 'tcp' };

  if (host === 'unknown') bind.unknown = 'the host is not known statically';
  else {
    bind.host = host;
    bind.families = families(host.value, ipv6Any);
  }

  if (port === 'unknown') bind.unknown = 'the port is not known statically';
  else if (!/^\d{1,5}$/.test(port.value) || Number(port.value) > 65535) {
    bind.unknown = `the port set by ${port.origin.label} is not a number`;
  } else bind.port = { value: Number(port.value), origin: port.origin };

  return bind;
}

function families(host: string, ipv6Any: 'dual' | 'v6only'): Array<'ipv4' | 'ipv6'> {
  if (host === '::' || host === '[::]') return ipv6Any === 'dual' ? ['ipv6', 'ipv4'] : ['ipv6'];

  if (host.includes(':')) return ['ipv6'];

  if (host === 'localhost') return ipv6Any === 'dual' ? ['ipv4'] : ['ipv4', 'ipv6'];

  return ['ipv4'];
}

/** gunicorn's parse_address: `unix:PATH`, `fd://N`, `[v6]:port`, `host:port`, `host`, ``. */
function gunicornAddress(text: Sourced<string>): Bind {
  const value = text.value.startsWith('tcp://') ? text.value.slice(6) : text.value;

  if (value.startsWith('unix:')) {
    return { kind: 'unix', path: { value: value.replace(/^unix:(\/\/)?/, ''), origin: text.origin } };
  }

  if (value.startsWith('fd://')) return { kind: 'tcp', unknown: 'a socket passed as fd://' };

  let host = value;
  let port = '8000';

  if (value.startsWith('[') && value.includes(']')) {
    host = value.slice(1, value.indexOf(']'));
    port = value.split(']:')[1] ?? '8000';
  } else if (value.includes(':')) {
    [host, port] = value.split(':');
  } else if (value === '') host = '0.0.0.0';

  // An empty host binds every IPv4 address, as gunicorn's socket does.
  return tcpBind(
    { value: host === '' ? '0.0.0.0' : host.toLowerCase(), origin: text.origin },
    { value: port, origin: text.origin },
    'dual',
  );
}

function gunicorn(context: DeployContext, request: ServerRequest): ServerAddress {
  const cli = parseOptions(request.args, GUNICORN_VALUE_OPTIONS);
  const settings: Origin[] = [];
  const used = new Set<string>(['PORT']);
  const cmdArgs = request.env.get('GUNICORN_CMD_ARGS');
  const envArgs = cmdArgs?.value !== undefined ? parseOptions(splitShellWords(cmdArgs, request), GUNICORN_VALUE_OPTIONS) : undefined;
  const configWord = last(cli.values.get('-c') ?? cli.values.get('--config')) ??
    last(envArgs?.values.get('-c') ?? envArgs?.values.get('--config'));
  const configPath = serverJoin(request.cwd, configWord?.value ?? 'gunicorn.conf.py');
  const configFile = configPath && (configWord ? context.paths.file(configPath, configWord.location) : quietFile(context, configPath));
  const config = configFile ? readModule(context, configFile) : undefined;
  const binds = (options: Options | undefined) => [...(options?.values.get('-b') ?? []), ...(options?.values.get('--bind') ?? [])];
  const daemonFlag = cli.flags.get('-D') ?? cli.flags.get('--daemon');
  let chosen: Sourced<string>[] | 'unknown' = [];

  if (binds(cli).length > 0) {
    chosen = binds(cli).map((w) => fromWord(context, '--bind', w) ?? { value: '\0', origin: flagOrigin(context, '--bind', w) });
  } else if (envArgs && binds(envArgs).length > 0) {
    used.add('GUNICORN_CMD_ARGS');
    chosen = binds(envArgs).map((w) => ({ value: w.value, origin: cmdArgs!.origin }));
  } else if (config?.assignments.get('bind')) {
    const value = config.assignments.get('bind')!;
    const items = value.kind === 'list' ? value.items : [value];

    chosen = items.map((item) => {
      const result = evaluatePy(context, item, request.env, 'bind');

      for (const name of result.reads) used.add(name);

      return { value: result.value ?? '\0', origin: result.origin };
    });
  } else {
    const port = request.env.get('PORT');

    chosen = port
      ? [{ value: port.value === undefined ? '\0' : `0.0.0.0:${port.value}`, origin: port.origin }]
      : [{ value: '127.0.0.1:8000', origin: defaultOrigin('gunicorn default bind') }];
  }

  settings.push(...unusedSettings(request, used, 'gunicorn does not read it'));

  return {
    binds: chosen.map((address) =>
      address.value.includes('\0') ? { kind: 'tcp', unknown: 'the bind address is not known statically' } : gunicornAddress(address),
    ),
    settings,
    addressFrom: '-b/--bind, else GUNICORN_CMD_ARGS, else gunicorn.conf.py, else PORT',
    daemonizes: daemonFlag?.location ?? (config?.assignments.get('daemon')?.kind === 'literal' && (config.assignments.get('daemon') as { value: unknown }).value === true ? config.assignments.get('daemon')!.location : undefined),
    app: cli.positional[0]?.value,
    isServer: true,
  };
}

/** A tree file for a server path that may well be absent (a default config name). */
function quietFile(context: DeployContext, serverPath: string): string | undefined {
  return context.paths.optional(serverPath);
}

/** GUNICORN_CMD_ARGS is split with Python's shlex: whitespace, quotes, backslashes. */
function splitShellWords(variable: EnvVar, request: ServerRequest): RichWord[] {
  const location = variable.origin.location ?? request.location;
  const words: RichWord[] = [];
  const pattern = /"((?:\\.|[^"\\])*)"|'([^']*)'|((?:\\.|[^\s"'\\])+)/g;

  for (const match of (variable.value ?? '').matchAll(pattern)) {
    const value = (match[1] ?? match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');

    words.push({ value, known: true, location, offsets: [], text: new FileText(location.file, '') });
  }

  return words;
}

function hypercorn(context: DeployContext, request: ServerRequest): ServerAddress {
  const options = parseOptions(request.args, new Set(['-b', '--bind', '-c', '--config', '-w', '--workers']));
  const words = [...(options.values.get('-b') ?? []), ...(options.values.get('--bind') ?? [])];
  const chosen = words.length > 0
    ? words.map((w) => fromWord(context, '--bind', w))
    : [{ value: '127.0.0.1:8000', origin: defaultOrigin('hypercorn default bind') }];

  return {
    binds: chosen.map((c) => (c ? gunicornAddress(c) : { kind: 'tcp', unknown: 'the bind address is not known statically' })),
    settings: unusedSettings(request, new Set(), 'hypercorn does not read it'),
    addressFrom: '-b/--bind, else 127.0.0.1:8000',
    app: options.positional[0]?.value,
    isServer: true,
  };
}

/** `fastapi run` (0.0.0.0) and `fastapi dev` (127.0.0.1) call uvicorn.run(): no environment. */
function fastapiCli(context: DeployContext, request: ServerRequest): ServerAddress {
  const options = parseOptions(request.args, new Set(['--host', '--port', '--app', '--workers', '--root-path']));
  const mode = options.positional[0]?.value;
  const host = last(options.values.get('--host'));
  const port = last(options.values.get('--port'));
  const defaultHost = mode === 'run' ? '0.0.0.0' : '127.0.0.1';

  return {
    binds: [
      tcpBind(
        host ? (fromWord(context, '--host', host) ?? 'unknown') : { value: defaultHost, origin: defaultOrigin(`fastapi ${mode} default host`) },
        port ? (fromWord(context, '--port', port) ?? 'unknown') : { value: '8000', origin: defaultOrigin('fastapi default port') },
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
      binds: module ? [] : [{ kind: 'tcp', unknown: `${script?.value ?? 'the script'} was not read` }],
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
    const dotenv = dotenvPath && context.paths.optional(dotenvPath);
    const read = dotenv ? readEnvFile(context, dotenv, 'dotenv') : undefined;

    for (const entry of read?.entries ?? []) {
      if (env.has(entry.name) || entry.value === undefined) continue;

      env.set(entry.name, {
        name: entry.name,
        value: entry.value,
        exported: true,
        origin: originAt(context, entry.name, entry.location, { note: `loaded by load_dotenv() in ${showAt(context, module.loadsDotenv.location)}` }),
      });
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
  const settings = unusedSettings(request, used, `${script?.value ?? 'the entry point'} does not read it; uvicorn.run() reads no environment`);

  if (run.uds) {
    const uds = evaluatePy(context, run.uds, env, 'uds');

    return {
      binds: [uds.value === undefined ? { kind: 'unix', unknown: 'the socket path is not known statically' } : { kind: 'unix', path: { value: uds.value, origin: uds.origin } }],
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
