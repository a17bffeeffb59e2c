// The library entry: lint(options) reads the project config, discovers what to lint, parses
// it (src/read-trees.ts, which `ngxlint sockets` reads through too), reads the deployment
// around it, resolves the port policy and runs the rules. The CLI is a thin layer over this.
import { join, relative, resolve } from 'node:path';
import type { LoadedConfig } from './config/types.js';
import type { Discovery, PathMapping } from './discovery/index.js';
import { LintInputError } from './engine/errors.js';
import { findRule, rulesOf } from './engine/define.js';
import { runRules } from './engine/runner.js';
import { resolveRuleSettings, type RuleSetting } from './engine/settings.js';
import type { Finding, Project, RuleDefinition } from './engine/types.js';
import { appBindings, namedLauncher } from './deploy/project.js';
import type { Deployment, Launcher } from './deploy/types.js';
import type { FileSystem } from './include/fs.js';
import { resolvePolicy } from './policy.js';
import { discoverTrees, parseTrees, prepareRead, type ReadOptions } from './read-trees.js';
import { timed, trace } from './trace.js';
import { envFilesOf, hideEnvFiles } from './security/env-files.js';
import { isInside } from './security/root-guard.js';
import type { ParsedConfig } from './syntax/tree.js';

export interface LintOptions extends ReadOptions {
  appPort?: number;
  /** The flag that gave appPort, for messages (default `--app-port`). */
  appPortFlag?: string;
  /** Environment read for UVICORN_PORT (default process.env). */
  env?: Record<string, string | undefined>;
  /** `NAME=SEVERITY` overrides. */
  rules?: string[];
  /** The rules to run (default: the registry). */
  ruleDefinitions?: readonly RuleDefinition<any>[];
}

export interface LintResult {
  findings: Finding[];
  project: Project;
  rules: readonly RuleDefinition<any>[];
  settings: Map<string, RuleSetting>;
  config: LoadedConfig;
  discovery: Discovery;
  /** The text of a file the run read, through the root guard (stdin's text for the stdin
   * entry), for source excerpts; undefined when it cannot be read. */
  readSource: (file: string) => string | undefined;
  /** The file a fix of `file` writes: the one the run read for it, through the root guard and
   * the path map; undefined when that is refused or lies outside the root. */
  fileToFix: (file: string) => string | undefined;
}

export async function lint(options: LintOptions): Promise<LintResult> {
  return lintWithConfig(options);
}

/** lint() with the project config given rather than searched for (`ngxlint init` reads the
 * deployment as it will be linted under the config it is about to write). */
export async function lintWithConfig(
  options: LintOptions,
  given?: LoadedConfig,
): Promise<LintResult> {
  const rules = options.ruleDefinitions ?? (await loadRegistry());
  const setup = await prepareRead(options, given);
  const { config, cwd, note } = setup;
  const settings = resolveRuleSettings(rules, config.config.rules, options.rules);
  const trees = discoverTrees(setup);
  const { discovery, readFs, sourceFs } = trees;
  const show = (p: string) => relative(cwd, p) || p;
  const { userMaps, configs: live, readThrough } = await parseTrees(setup, trees);

  reportUnreached(discovery, live, readThrough, note, show);

  const deployStart = performance.now();
  const deployment = await readDeployment(discovery, readFs, userMaps, note);
  const launcher = keptLauncherName(config, rules, deployment, show);

  trace(
    'deploy',
    `${deployment?.launchers.length ?? 0} launchers in ${(performance.now() - deployStart).toFixed(1)} ms`,
  );
  const policy = resolvePolicy({
    flag:
      options.appPort !== undefined
        ? { port: options.appPort, name: options.appPortFlag ?? '--app-port' }
        : undefined,
    env: options.env ?? process.env,
    config,
    bindings: deployment ? appBindings(deployment, launcher) : [],
  });
  const project: Project = {
    root: discovery.root,
    configs: live,
    policy,
    deployment,
    launcher,
    nginx: await nginxTargetOf(config),
  };

  // Inline suppressions mark findings (kept for SARIF) and report misused ones (NGX9xx).
  const { applySuppressions, sourcesOfProject } = await import('./suppress/index.js');
  const found = applySuppressions({
    findings: timed('rules', `ran ${settings.size} rule settings`, () =>
      runRules(project, rules, settings),
    ),
    sources: sourcesOfProject(project),
    rules,
    settings,
    root: project.root,
    fs: sourceFs,
  });

  const hidden = hideEnvFiles(found, readerOf(sourceFs), deployment);
  const root = { given: discovery.root, real: realRootOf(readFs, discovery.root) };
  const fileToFix = fixTargets(root, live, readThrough, readFs);
  const findings = atLinkTargets(hidden.findings, root, fileToFix, deployment);

  return {
    findings,
    project,
    rules,
    settings,
    config,
    discovery,
    readSource: hidden.readSource,
    fileToFix,
  };
}

/**
 * A finding in a file the tree reaches through a link (`sites-enabled/app.conf ->
 * ../sites-available/app.conf`) is shown at the file the link leads to, when that lies inside
 * the root: the file a pull request changes, where annotations land. Fingerprints keep the
 * path as nginx reads it. Env files stay as they are: their values are hidden by path.
 */
function atLinkTargets(
  findings: Finding[],
  root: Root,
  fileToFix: (file: string) => string | undefined,
  deployment: Deployment | undefined,
): Finding[] {
  const env = envFilesOf(deployment);
  const shown = new Map<string, string>();
  const at = (file: string) => {
    let to = shown.get(file);

    if (to === undefined) {
      const real = env.has(file) ? undefined : fileToFix(file);

      to = real && isInside(real, root.real) ? join(root.given, relative(root.real, real)) : file;
      shown.set(file, to);
    }

    return to;
  };

  return findings.map((f) =>
    at(f.file) === f.file && f.related.every((r) => at(r.file) === r.file)
      ? f
      : { ...f, file: at(f.file), related: f.related.map((r) => ({ ...r, file: at(r.file) })) },
  );
}

/** The root as discovery gave it, and with its links resolved. */
interface Root {
  given: string;
  real: string;
}

function realRootOf(fs: FileSystem, root: string): string {
  try {
    return fs.realpath(root);
  } catch {
    return resolve(root);
  }
}

/**
 * Where a fix of a file lands: the file the parse read, its links followed as the parse
 * followed them (sites-enabled/app -> /etc/nginx/sites-available/app is the tree's
 * sites-available/app under the path map, never this machine's), and only inside the root.
 */
function fixTargets(
  root: Root,
  configs: ParsedConfig[],
  readThrough: Map<ParsedConfig, FileSystem>,
  readFs: FileSystem,
): (file: string) => string | undefined {
  const fsOf = new Map<string, FileSystem>();

  for (const config of configs)
    for (const file of config.files) fsOf.set(file.path, readThrough.get(config) ?? readFs);

  return (file) => {
    try {
      const real = (fsOf.get(file) ?? readFs).realpath(file);

      return isInside(real, root.real) || isInside(real, resolve(root.given)) ? real : undefined;
    } catch {
      return undefined;
    }
  };
}

/** The build the directive rules check against; a bad one is a config error (exit 2). */
async function nginxTargetOf(config: LoadedConfig): Promise<Project['nginx']> {
  const { version, modules } = config.config.nginx ?? {};

  if (version === undefined && modules === undefined) return undefined;

  const { DirectiveTable, TargetError } = await import('./nginx/table.js');

  try {
    new DirectiveTable({ version, modules });
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;

    const key = /nginx\.version/.test(error.message) ? '/nginx/version' : '/nginx/modules';
    const at = config.locate(key);
    const place = at ? `${at.file}:${at.line}:${at.column}` : (config.file ?? 'config');

    throw new LintInputError(`${place}: ${error.message}`);
  }

  return { version, modules };
}

async function loadRegistry(): Promise<readonly RuleDefinition<any>[]> {
  const registry = await import('../rules/index.js');

  return rulesOf(registry);
}

function reportUnreached(
  discovery: Discovery,
  configs: ParsedConfig[],
  readThrough: Map<ParsedConfig, FileSystem>,
  note: (m: string) => void,
  show: (p: string) => string,
): void {
  if (!discovery.targets.some((t) => t.kind === 'entry')) return;

  const reached = new Set(configs.flatMap((c) => c.files.map((f) => f.path)));
  const missed = discovery.nginxFiles.filter((file) => !reached.has(file));

  if (missed.length === 0) return;

  // A file reached through a link (`sites-enabled/x -> /etc/nginx/sites-available/x`) is
  // reached under its real name too.
  const reachedReal = new Set(
    configs.flatMap((config) =>
      config.files.flatMap((file) => {
        try {
          return [readThrough.get(config)!.realpath(file.path)];
        } catch {
          return []; // Unreadable: reported at its include.
        }
      }),
    ),
  );

  for (const file of missed) {
    if (!reachedReal.has(file)) note(`${show(file)}: not included by the entry config, not linted`);
  }
}

async function readDeployment(
  discovery: Discovery,
  fs: FileSystem,
  pathMap: PathMapping[],
  note: (m: string) => void,
): Promise<Deployment | undefined> {
  if (discovery.deploymentFiles.length === 0) return undefined;

  // Loaded only when there are units, scripts or env files to read (tree-sitter is heavy).
  const deploy = await import('./deploy/index.js');

  return deploy.readDeployment({
    root: discovery.root,
    files: discovery.deploymentFiles.map((f) => f.path),
    otherFiles: discovery.otherFiles,
    outsideLinks: discovery.outsideLinks,
    fs,
    pathMap: pathMap.map(({ from, to }) => ({ from, to })),
    note,
  });
}

/**
 * The launcher meant to start the app, as the project config names it: `app.launcher`, or the
 * option `keep` of launcher-duplicate (the older spelling). The port policy and that rule both
 * follow it. A name that matches none of the launchers found, or two names for two launchers,
 * is a config error (exit 2) like a bad nginx.version: the run would otherwise quietly keep
 * another launcher. Without launchers (a PATH that holds only nginx) there is nothing to match.
 */
function keptLauncherName(
  config: LoadedConfig,
  rules: readonly RuleDefinition<any>[],
  deployment: Deployment | undefined,
  show: (p: string) => string,
): string | undefined {
  const names = [
    { pointer: '/app/launcher', value: config.config.app?.launcher },
    ...Object.entries(config.config.rules ?? {})
      .filter(([rule]) => findRule(rules, rule)?.name === 'launcher-duplicate')
      .map(([rule, setting]) => ({
        pointer: `/rules/${rule}/1/keep`,
        value: Array.isArray(setting) ? setting[1]?.keep : undefined,
      })),
  ].filter((n): n is { pointer: string; value: string } => typeof n.value === 'string');

  if (!deployment || deployment.launchers.length === 0) return names[0]?.value;

  const { launchers, root } = deployment;
  const accepted = new Set(launchers.flatMap((l) => [relative(root, l.location.file), l.kind]));
  let first: { key: string; launcher: Launcher } | undefined;

  for (const { pointer, value } of names) {
    const key = pointer.slice(1).replace(/\//g, '.');
    const launcher = namedLauncher(launchers, root, value);
    const at = config.locate(pointer);
    const place = at ? `${show(at.file)}:${at.line}:${at.column}` : show(config.file!);
    const fail = (problem: string) =>
      new LintInputError(`${place}: "${key}" is "${value}", which ${problem}`);

    if (!launcher) {
      throw fail(
        `names no launcher; expected one of ${[...accepted].map((a) => JSON.stringify(a)).join(', ')}`,
      );
    }

    if (first && launcher !== first.launcher) {
      throw fail(`names another launcher than "${first.key}" does; expected the same one`);
    }

    first ??= { key, launcher };
  }

  return names[0]?.value;
}

/** Each file read once: thousands of findings in one file must not read it thousands of times. */
function readerOf(fs: FileSystem): (file: string) => string | undefined {
  const texts = new Map<string, string | undefined>();

  return (file) => {
    if (!texts.has(file)) {
      try {
        texts.set(file, fs.readFile(file).toString('utf8'));
      } catch {
        texts.set(file, undefined);
      }
    }

    return texts.get(file);
  };
}
