// How a run reads its nginx trees, shared by lint() and `ngxlint sockets` so that both read the
// same files and refuse the same ones: the project config, the discovery of the entry configs,
// the root guard of a checkout (NGX008), the path map (the default /etc/nginx one, --map,
// pathMap) and the parse of each target.
import { dirname, relative, resolve } from 'node:path';
import { loadProjectConfig } from './config/load.js';
import type { LoadedConfig } from './config/types.js';
import {
  CONTEXTS,
  discover,
  mappedFileSystem,
  parseMapping,
  remapConfigPaths,
  type Discovery,
  type PathMapping,
} from './discovery/index.js';
import { chooseContext, contextHint, describeContext } from './discovery/entry-context.js';
import { LintInputError } from './engine/errors.js';
import { diskFileSystem, snapshotFileSystem, type FileSystem } from './include/fs.js';
import { checkoutFileSystem } from './security/root-guard.js';
import { withStdinText } from './security/stdin-source.js';
import type { ParsedConfig } from './syntax/tree.js';
import { timed, trace } from './trace.js';

export interface ReadOptions {
  /** Deployment folders, entry configs, or `-` for stdin. */
  paths: string[];
  /** Default: process.cwd(). Paths, --map targets and the config search start here. */
  cwd?: string;
  nginxConf?: string;
  /** Context an entry file is read in: main, http, server, location, stream … */
  context?: string;
  root?: string;
  /** Read includes and deployment files outside the root of a checkout (NGX008 otherwise). */
  allowOutsideRoot?: boolean;
  prefix?: string;
  /** `A=B` path mappings (server path = tree path). */
  map?: string[];
  configFile?: string;
  fs?: FileSystem;
  stdin?: string | Buffer;
  stdinFilename?: string;
  /** Diagnostics for stderr (which entry config was used, skipped folders …). */
  note?: (message: string) => void;
}

/** A run's options checked, and its project config loaded. */
export interface ReadSetup {
  options: ReadOptions;
  cwd: string;
  /** Discovery, the parser and suppressions each need every file: each is read once. */
  fs: FileSystem;
  note: (message: string) => void;
  config: LoadedConfig;
  configDir: string;
  contextName?: string;
}

/** `given`: the project config to use instead of the one found (`ngxlint init`). */
export async function prepareRead(options: ReadOptions, given?: LoadedConfig): Promise<ReadSetup> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const fs = snapshotFileSystem(options.fs ?? diskFileSystem);
  const note = options.note ?? (() => {});
  const config = given ?? (await loadProjectConfig({ cwd, configFile: options.configFile }));
  const configDir = config.file ? dirname(config.file) : cwd;
  const contextName = options.context ?? config.config.nginx?.context;

  if (contextName !== undefined && !Object.hasOwn(CONTEXTS, contextName)) {
    throw new LintInputError(
      `--context "${contextName}" is not a context, expected one of ${Object.keys(CONTEXTS).join(', ')}`,
    );
  }

  if (options.paths.length === 0) throw new LintInputError('no PATH given (see ngxlint --help)');

  return { options, cwd, fs, note, config, configDir, contextName };
}

export interface DiscoveredTrees {
  discovery: Discovery;
  /** What the run reads through: in a checkout (git work tree or --root), the root guard. */
  readFs: FileSystem;
  /** readFs with stdin's text under its name: what later readers (suppressions, excerpts)
   * reread of what was parsed. */
  sourceFs: FileSystem;
}

/** Finds the targets of the PATHs, and the file system that reads them: nothing outside the
 * root of a checkout is read (NGX008), unless --allow-outside-root. */
export function discoverTrees(setup: ReadSetup): DiscoveredTrees {
  const { options, cwd, fs, config, configDir, note } = setup;
  const nginxConf =
    options.nginxConf ??
    (config.config.nginx?.conf && resolve(configDir, config.config.nginx.conf));
  let guarded: FileSystem | undefined;
  const guard = (root: string) =>
    (guarded ??= checkoutFileSystem(fs, root, {
      rootGiven: options.root !== undefined,
      allowOutsideRoot: options.allowOutsideRoot,
    }));
  const discovery = discover(options.paths, {
    cwd,
    fs,
    guard,
    nginxConf,
    nginxConfFrom:
      options.nginxConf === undefined && nginxConf !== undefined
        ? `nginx.conf in ${relative(cwd, config.file!) || config.file}`
        : undefined,
    root: options.root,
    stdinFilename: options.stdinFilename,
  });

  for (const message of discovery.notes) note(message);

  trace(
    'discover',
    `root ${discovery.root}; ${discovery.targets.length} targets, ${discovery.nginxFiles.length} nginx files, ` +
      `${discovery.deploymentFiles.length} deployment files`,
  );

  const readFs = guard(discovery.root);
  const stdinTarget = discovery.targets.find((t) => t.kind === 'stdin');
  const sourceFs = stdinTarget
    ? withStdinText(readFs, stdinTarget.entry, toBuffer(options.stdin))
    : readFs;

  return { discovery, readFs, sourceFs };
}

export interface ParsedTrees {
  /** --map and pathMap, longest server path first. */
  userMaps: PathMapping[];
  /** One per target, but a fragment that another target includes (read there). */
  configs: ParsedConfig[];
  /** The file system each config was read through: its links resolve as the parse saw them. */
  readThrough: Map<ParsedConfig, FileSystem>;
}

/**
 * Parses each target through the path map (the default /etc/nginx = the prefix, --map,
 * pathMap) and the guard; paths of the tree come back as tree paths. `verb` starts the note
 * that names each entry and the context it is read in. An entry that cannot be read is a
 * LintInputError (exit 2), not a finding.
 */
export async function parseTrees(
  setup: ReadSetup,
  found: DiscoveredTrees,
  verb = 'linting',
): Promise<ParsedTrees> {
  const { options, cwd, config, configDir, note, contextName } = setup;
  const { discovery, readFs } = found;
  const show = (p: string) => relative(cwd, p) || p;
  const userMaps = readMappings(options.map ?? [], config, cwd, configDir);
  const prefixOption =
    options.prefix !== undefined
      ? resolve(cwd, options.prefix)
      : config.config.nginx?.prefix && resolve(configDir, config.config.nginx.prefix);
  const { parseConfig } = await import('./syntax/index.js');
  const configs: ParsedConfig[] = [];
  const readThrough = new Map<ParsedConfig, FileSystem>();

  for (const target of discovery.targets) {
    const prefix = prefixOption ?? target.prefix ?? dirname(target.entry);
    const mappings = [...userMaps, ...defaultMappings(prefix, userMaps)];
    const text = target.kind === 'stdin' ? toText(options.stdin) : headOf(readFs, target.entry);
    const entryContext = chooseContext(target, text, contextName);

    note(`${verb} ${show(target.entry)}: ${target.reason}, ${describeContext(entryContext)}`);

    const hint =
      target.kind === 'file' && contextName === undefined ? contextHint(text) : undefined;

    if (hint) note(`${show(target.entry)}: ${hint}`);

    const fromStdin = target.kind === 'stdin';
    const targetFs = mappedFileSystem(readFs, mappings);
    const parsed = timed('parse', `parsed ${show(target.entry)}`, () =>
      parseConfig(fromStdin ? '-' : target.entry, {
        fs: targetFs,
        prefix,
        entryContext,
        stdin: fromStdin ? { text: toBuffer(options.stdin), filename: target.entry } : undefined,
      }),
    );

    trace(
      'parse',
      `${parsed.files.length} files, ${parsed.errors.length} errors, prefix ${prefix}`,
    );

    // An entry that cannot be read is a problem with what was asked for (exit 2), not a finding.
    const unreadable = parsed.files[0]?.errors.find(
      (e) => e.include === undefined && ['read', 'include', 'outside-root'].includes(e.kind),
    );

    if (unreadable) throw new LintInputError(`${show(target.entry)}: ${unreadable.message}`);

    readThrough.set(parsed, targetFs);
    remapConfigPaths(parsed, mappings);
    configs.push(parsed);
  }

  return { userMaps, configs: dropIncludedFragments(configs), readThrough };
}

function readMappings(
  flags: string[],
  config: LoadedConfig,
  cwd: string,
  configDir: string,
): PathMapping[] {
  const mappings: PathMapping[] = [];

  for (const flag of flags) {
    const mapping = parseMapping(flag, cwd, '--map');

    if (!mapping)
      throw new LintInputError(`--map "${flag}" must be ABSOLUTE_SERVER_PATH=TREE_PATH`);
    mappings.push(mapping);
  }

  for (const [from, to] of Object.entries(config.config.pathMap ?? {})) {
    const mapping = parseMapping(`${from}=${to}`, configDir, 'pathMap');

    if (!mapping) throw new LintInputError(`pathMap key "${from}" must be an absolute path`);
    mappings.push(mapping);
  }

  // Longest server path first, so /etc/nginx/conf.d wins over /etc/nginx.
  return mappings.sort((a, b) => b.from.length - a.from.length);
}

/** A tree that keeps nginx's folder under nginx/ means /etc/nginx on the server. */
function defaultMappings(prefix: string, user: PathMapping[]): PathMapping[] {
  if (prefix === '/etc/nginx' || user.some((m) => m.from === '/etc/nginx')) return [];

  return [{ from: '/etc/nginx', to: prefix, origin: 'default' }];
}

/** A fragment included by another fragment is linted where it is included, not twice; of
 * fragments that include each other (a cycle), the first is kept. */
function dropIncludedFragments(configs: ParsedConfig[]): ParsedConfig[] {
  const entryOf = (c: ParsedConfig) => c.files[0]?.path;
  const included = new Set<string>();

  for (const config of configs) {
    for (const file of config.files.slice(1))
      if (file.path !== entryOf(config)) included.add(file.path);
  }

  const kept = configs.filter((c) => !included.has(entryOf(c) ?? ''));
  const covered = new Set(kept.flatMap((c) => c.files.map((f) => f.path)));

  for (const config of configs) {
    if (kept.includes(config) || covered.has(entryOf(config) ?? '')) continue;

    kept.push(config);
    for (const file of config.files) covered.add(file.path);
  }

  return configs.filter((c) => kept.includes(c));
}

function headOf(fs: FileSystem, path: string): string {
  try {
    return fs.readFile(path).subarray(0, 65536).toString('utf8');
  } catch {
    // The parser reports the read error as a finding.
    return '';
  }
}

function toText(input: string | Buffer | undefined): string {
  return input === undefined ? '' : input.toString();
}

function toBuffer(input: string | Buffer | undefined): Buffer {
  return typeof input === 'string' ? Buffer.from(input) : (input ?? Buffer.alloc(0));
}
