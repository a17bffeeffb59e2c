// gunicorn (and hypercorn, which takes the same --bind syntax): -b/--bind (several), else
// GUNICORN_CMD_ARGS, else gunicorn.conf.py `bind`, else 0.0.0.0:$PORT when PORT is set, else
// 127.0.0.1:8000 (gunicorn/config.py, Bind; gunicorn/app/base.py, load_config).
import type { DeployContext, RichWord } from './context.js';
import { readModule } from './context.js';
import {
  defaultOrigin,
  flagOrigin,
  fromWord,
  gunicornAddress,
  unusedSettings,
  type ServerAddress,
  type ServerRequest,
} from './address.js';
import { last, parseOptions, type Options } from './argv.js';
import { serverJoin } from './paths.js';
import { evaluatePy } from './pyeval.js';
import { FileText } from './text.js';
import type { Bind, EnvVar, Origin, Sourced } from './types.js';

const GUNICORN_VALUE_OPTIONS = new Set(
  (
    '-b --bind -c --config -w --workers -k --worker-class -t --timeout -e --env --chdir ' +
    '-p --pid -u --user -g --group -m --umask -n --name --log-level --access-logfile ' +
    '--error-logfile --log-file --log-config --threads --worker-connections --max-requests ' +
    '--max-requests-jitter --graceful-timeout --keep-alive --backlog --forwarded-allow-ips ' +
    '--pythonpath --paste --certfile --keyfile --ca-certs --worker-tmp-dir --limit-request-line ' +
    '--limit-request-fields --limit-request-field_size --proxy-allow-from'
  ).split(' '),
);

export function gunicorn(context: DeployContext, request: ServerRequest): ServerAddress {
  const cli = parseOptions(request.args, GUNICORN_VALUE_OPTIONS);
  const settings: Origin[] = [];
  const used = new Set<string>(['PORT']);
  const cmdArgs = request.env.get('GUNICORN_CMD_ARGS');
  const envArgs =
    cmdArgs?.value !== undefined
      ? parseOptions(splitShellWords(cmdArgs, request), GUNICORN_VALUE_OPTIONS)
      : undefined;
  const configWord =
    last(cli.values.get('-c') ?? cli.values.get('--config')) ??
    last(envArgs?.values.get('-c') ?? envArgs?.values.get('--config'));
  const configPath = serverJoin(request.cwd, configWord?.value ?? 'gunicorn.conf.py');
  const configFile =
    configPath &&
    (configWord
      ? context.paths.file(configPath, configWord.location)
      : quietFile(context, configPath));
  const config = configFile ? readModule(context, configFile) : undefined;
  const binds = (options: Options | undefined) => [
    ...(options?.values.get('-b') ?? []),
    ...(options?.values.get('--bind') ?? []),
  ];
  const daemonFlag = cli.flags.get('-D') ?? cli.flags.get('--daemon');
  let chosen: Sourced<string>[] | 'unknown' = [];
  let unknown = 'the bind address is not known statically';

  if (binds(cli).length > 0) {
    chosen = binds(cli).map(
      (w) =>
        fromWord(context, '--bind', w) ?? { value: '\0', origin: flagOrigin(context, '--bind', w) },
    );
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
    const origin = port?.origin ?? defaultOrigin('gunicorn default bind');

    if (port) {
      chosen = [{ value: port.value === undefined ? '\0' : `0.0.0.0:${port.value}`, origin }];
    } else if (request.envUnread) {
      // The default bind holds only when no env file that was not read may set what moves it.
      chosen = [{ value: '\0', origin }];
      unknown = `GUNICORN_CMD_ARGS or PORT may be set in ${request.envUnread}, which was not read`;
    } else {
      chosen = [{ value: '127.0.0.1:8000', origin }];
    }
  }

  settings.push(...unusedSettings(request, used, 'gunicorn does not read it'));

  const daemon = config?.assignments.get('daemon');
  const unknownBind: Bind = { kind: 'tcp', unknown };

  return {
    binds: chosen.map((address) =>
      address.value.includes('\0') ? unknownBind : gunicornAddress(address),
    ),
    settings,
    addressFrom: '-b/--bind, else GUNICORN_CMD_ARGS, else gunicorn.conf.py, else PORT',
    daemonizes:
      daemonFlag?.location ??
      (daemon?.kind === 'literal' && daemon.value === true ? daemon.location : undefined),
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

    words.push({
      value,
      known: true,
      location,
      offsets: [],
      text: new FileText(location.file, ''),
    });
  }

  return words;
}

// hypercorn's config file (-c) is not read.
export function hypercorn(context: DeployContext, request: ServerRequest): ServerAddress {
  const options = parseOptions(
    request.args,
    new Set(['-b', '--bind', '-c', '--config', '-w', '--workers']),
  );
  const words = [...(options.values.get('-b') ?? []), ...(options.values.get('--bind') ?? [])];
  const chosen =
    words.length > 0
      ? words.map((w) => fromWord(context, '--bind', w))
      : [{ value: '127.0.0.1:8000', origin: defaultOrigin('hypercorn default bind') }];

  return {
    binds: chosen.map((c) =>
      c ? gunicornAddress(c) : { kind: 'tcp', unknown: 'the bind address is not known statically' },
    ),
    settings: unusedSettings(request, new Set(), 'hypercorn does not read it'),
    addressFrom: '-b/--bind, else 127.0.0.1:8000',
    app: options.positional[0]?.value,
    isServer: true,
  };
}

/** `fastapi run` (0.0.0.0) and `fastapi dev` (127.0.0.1) call uvicorn.run(): no environment. */
