// Reads the deployment around nginx: which files are units, scripts, env files, entry points
// …, and every launcher of the app they hold. Entered through readDeployment().
import { basename, dirname, extname } from 'node:path';
import { diskFileSystem } from '../include/fs.js';
import { runCompose } from './compose.js';
import type { Run } from './commands.js';
import { stopHits } from './stops.js';
import type { DeployContext } from './context.js';
import { guard, readText } from './context.js';
import { loadParser } from './grammar.js';
import { rawTimelines } from './launch.js';
import { createPathResolver } from './paths.js';
import { checkUnit, isDropinOf, mergeUnit, parseUnitFile } from './systemd.js';
import { runCrontab, runProcfile, runRootScript, runSupervisor, runUnit } from './triggers.js';
import type {
  DeployFile,
  DeployFileKind,
  Deployment,
  Launcher,
  ReadDeploymentOptions,
  SystemdUnit,
  TimelineEvent,
  UnitIssue,
} from './types.js';

export type * from './types.js';

const MAX_SNIFF = 1024 * 1024;

/** What a file is, by its place and, for ambiguous names, its first lines. */
export function classifyFile(path: string, head: () => string): DeployFileKind | undefined {
  const name = basename(path);
  const ext = extname(name);
  const folder = basename(dirname(path));

  if (['.service', '.socket', '.timer'].includes(ext)) return 'systemd-unit';

  if (folder.endsWith('.service.d') && ext === '.conf') return 'systemd-dropin';

  if (name === 'Procfile' || name.startsWith('Procfile.')) return 'procfile';

  if (/^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(name)) return 'compose';

  if (ext === '.py') return 'python';

  if (name === '.env' || name.startsWith('.env.') || ext === '.env') return 'env';

  if (name === 'crontab' || ext === '.cron' || ext === '.crontab' || folder === 'cron.d')
    return 'crontab';

  if (ext === '.sh' || ext === '.bash') return 'shell';

  if (ext === '.conf' || ext === '.ini' || ext === '') {
    const text = head();
    const firstLine = text.split('\n', 1)[0];

    if (
      /^#!\s*\S*\b(ba|da)?sh\b/.test(firstLine) ||
      /^#!\s*\/usr\/bin\/env\s+(ba|da)?sh\b/.test(firstLine)
    ) {
      return 'shell';
    }

    if (/^\[program:[^\]]+\]/m.test(text)) return 'supervisor';

    if (/^\[(Service|Unit)\]/m.test(text) && ext === '.conf') return 'systemd-dropin';
  }

  return undefined;
}

/** Reads every deployment file among `files` and finds the app's launchers. */
export async function readDeployment(options: ReadDeploymentOptions): Promise<Deployment> {
  const fs = options.fs ?? diskFileSystem;
  const note = options.note ?? (() => {});
  const outside = new Set(options.outsideLinks);
  const paths = createPathResolver(
    options.root,
    [...options.files, ...outside],
    options.pathMap ?? [],
    note,
    options.otherFiles,
    outside,
  );
  const context: DeployContext = {
    root: options.root,
    fs,
    paths,
    kinds: new Map(),
    outside,
    problems: [],
    units: [],
    texts: new Map(),
    scripts: new Map(),
    modules: new Map(),
    envFiles: new Map(),
  };
  const files: DeployFile[] = [];

  for (const path of options.files) {
    const kind = classifyFile(path, () => sniff(context, path));

    if (kind) {
      files.push({ path, kind });
      context.kinds.set(path, kind);
    }
  }

  const has = (...kinds: DeployFileKind[]) => files.some((f) => kinds.includes(f.kind));

  // The grammars are WebAssembly: load them only when there is something to parse.
  if (has('shell', 'systemd-unit', 'crontab', 'procfile', 'supervisor', 'compose')) {
    context.bash = await loadParser('bash');
  }

  if (has('python')) context.python = await loadParser('python');

  const unitIssues = readUnits(context, files);
  const runs: Run[] = [];

  for (const unit of context.units) {
    if (unit.name.endsWith('.service'))
      runs.push(...guard(context, unit.path, [], () => runUnit(context, unit)));
  }

  for (const { path, kind } of files) {
    const read = {
      crontab: runCrontab,
      procfile: runProcfile,
      supervisor: runSupervisor,
      compose: runCompose,
    }[kind as 'crontab'];

    if (read) runs.push(...guard(context, path, [], () => read(context, path)));
  }

  const scriptRuns = files
    .filter((f) => f.kind === 'shell')
    .map((f) => ({
      path: f.path,
      run: guard(context, f.path, undefined, () => runRootScript(context, f.path)),
    }));
  const reached = new Set(
    [...runs, ...scriptRuns.map((s) => s.run)].flatMap((r) => (r ? [...r.reached] : [])),
  );

  // A script that another launcher calls is part of that launcher, not one of its own.
  for (const { path, run } of scriptRuns) if (run && !reached.has(path)) runs.push(run);

  const launchers = runs.flatMap((run) => run.launchers);

  for (const launcher of launchers) launcher.timeline = judgeTimeline(context, launcher, launchers);

  for (const script of context.scripts.values()) script?.tree.delete();

  return {
    root: options.root,
    files: [...files, ...envFilesOfOtherNames(context, files)],
    units: context.units,
    envFiles: [...context.envFiles.values()],
    entryPoints: [...context.modules.values()].filter((m) => m !== undefined),
    launchers,
    problems: [...context.problems, ...paths.problems],
    unitIssues,
    mappings: paths.mappings,
  };
}

/**
 * Env files read under a name of no known kind (`EnvironmentFile=/srv/app/secrets`): listed as
 * env files all the same, so that suppressions read them as such and reports never show a line.
 */
function envFilesOfOtherNames(context: DeployContext, files: DeployFile[]): DeployFile[] {
  const known = new Set(files.map((f) => f.path));
  const read = new Set([...context.envFiles.values()].map((r) => r.path));

  return [...read].filter((path) => !known.has(path)).map((path) => ({ path, kind: 'env' }));
}

function sniff(context: DeployContext, path: string): string {
  try {
    if (context.fs.stat(path).size > MAX_SNIFF) return '';
  } catch {
    return '';
  }

  return readText(context, path)?.text ?? '';
}

function readUnits(context: DeployContext, files: DeployFile[]): UnitIssue[] {
  const parsed = new Map<string, ReturnType<typeof parseUnitFile>>();

  for (const file of files) {
    if (file.kind !== 'systemd-unit' && file.kind !== 'systemd-dropin') continue;

    const text = readText(context, file.path);

    if (!text) continue;

    const result = guard(context, file.path, undefined, () => parseUnitFile(text));

    if (!result) continue;

    context.problems.push(...result.problems);
    parsed.set(file.path, result);
  }

  const issues: UnitIssue[] = [];

  for (const file of files) {
    if (file.kind !== 'systemd-unit' || !parsed.has(file.path)) continue;

    const dropins = files
      .filter(
        (f) => f.kind === 'systemd-dropin' && isDropinOf(f.path, file.path) && parsed.has(f.path),
      )
      .map((f) => ({ path: f.path, settings: parsed.get(f.path)!.settings }));
    const unit: SystemdUnit = mergeUnit(file.path, parsed.get(file.path)!.settings, dropins);

    context.units.push(unit);
    issues.push(...guard(context, file.path, [], () => checkUnit(unit)));
  }

  return issues;
}

/** The stops before a start that hit this launcher's process, and the others. */
function judgeTimeline(
  context: DeployContext,
  launcher: Launcher,
  all: Launcher[],
): TimelineEvent[] {
  return (rawTimelines.get(launcher) ?? []).map((item): TimelineEvent => {
    if (item.kind !== 'stop') return item;

    return stopHits(item.target, launcher, all, context)
      ? { kind: 'stop', step: item.step }
      : { kind: 'other-stop', step: { label: item.step.label, location: item.step.location } };
  });
}
export { appBindings, deploymentOf } from './project.js';
