// `ngxlint ports`: reads the live machine (or saved ss output), checks it against the port
// policy with the live rules, prints who holds which port and the findings on stdout through
// the shared reporters (notes on what could not be read go to stderr). `--wait-free` and `--expect-free` answer one port's question.
import { flagAsTyped, listOf } from '../cli/args.js';
import { refuseOutputsOverRead } from '../cli/read-outputs.js';
import { checkOutputPath, OutputFileError, writeFailureReason } from '../payload/cli-io.js';
import { readFailureText, readNamedFile } from '../include/fs.js';
import { resolve } from 'node:path';
import { UsageError } from '../cli/errors.js';
import { writeFileAtomic } from '../fix/write.js';
import { EXIT_FINDINGS, EXIT_OK } from '../cli/exit-codes.js';
import { note } from '../cli/log.js';
import { loadProjectConfig } from '../config/load.js';
import { rulesOf } from '../engine/define.js';
import { LintInputError } from '../engine/errors.js';
import { resolveRuleSettings } from '../engine/settings.js';
import { SEVERITY_RANK, type Finding, type Project, type RuleDefinition } from '../engine/types.js';
import { resolvePolicy } from '../policy.js';
import { checkLive } from './check.js';
import {
  describeProcess,
  describeUnnamed,
  holdersOfPort,
  stopAdvice,
  stopCommand,
  unnamedSockets,
} from './holders.js';
import { confListens, loopbackProxies } from './nginx-conf.js';
import { diskProcReader } from './proc-reader.js';
import { readSocketTables } from './net.js';
import { readLiveSnapshot } from './snapshot.js';
import { parseSsOutput, SsParseError } from './ss.js';
import { summarize } from './summary.js';
import type { LiveSnapshot } from './types.js';
import { parseDuration, waitForFreePort } from './wait.js';
import { renderReport } from './render.js';
import { readPortsFlags, type FailOn, type PortsFlags } from './ports-flags.js';

export async function runPorts(argv: Record<string, unknown>): Promise<number> {
  try {
    return await runPortsUnchecked(argv);
  } catch (error) {
    if (error instanceof LintInputError) throw new UsageError(error.message);

    throw error;
  }
}

async function runPortsUnchecked(argv: Record<string, unknown>): Promise<number> {
  const cwd = process.cwd();
  const flags = readPortsFlags(argv);
  const { waitPort, expectPort } = flags;

  if (waitPort !== undefined || expectPort !== undefined) {
    const timeout = waitPort !== undefined ? durationFlag(String(argv.timeout ?? '10s')) : 0;

    return waitFree((waitPort ?? expectPort)!, timeout);
  }

  const snapshot = argv['from-ss']
    ? readSs(resolve(cwd, String(argv['from-ss'])))
    : readLiveSnapshot();
  const registry = rulesOf(await import('../../rules/index.js'));
  const { project, configFile, settings } = await buildProject(argv, flags, cwd, registry);
  const nginxConf = project.configs[0]?.files[0]?.path;
  // Never over what the run read (the ss file, the nginx tree, the project config): refused
  // before anything is checked or said.
  const output =
    argv.output === undefined
      ? undefined
      : outputOf(String(argv.output), cwd, [
          ...(snapshot.sourceFile ? [snapshot.sourceFile] : []),
          ...project.configs.flatMap((c) => c.files.map((f) => f.path)),
          ...(configFile ? [configFile] : []),
        ]);

  // A finding with no config line of its own points at the line of the ss file that lists its
  // socket; one without either at the policy's file, else nginx's, else the ss file read; a
  // /proc run without those has no file (SARIF, which needs one, names the kernel table read).
  // Known limit: the text reporter shows a finding with no file under an empty heading at 1:1.
  const anchorFile =
    configFile ??
    nginxConf ??
    snapshot.sourceFile ??
    (flags.format === 'sarif' ? '/proc/net/tcp' : '');
  const result = checkLive({
    snapshot,
    policy: project.policy,
    root: project.root,
    configs: project.configs,
    anchorFile,
    rules: registry,
    settings,
    deployment: project.deployment,
  });
  const summary = summarize(snapshot, {
    ports: portsOfInterest(project),
    skipped: result.skipped,
    uid: process.getuid?.(),
  });

  for (const line of summary.notes) note(line);

  // Text prints the holders on stdout. SARIF has no place for them, and JSON, which carries
  // them as `ports`, keeps them on stderr as well for the scripts that read them there.
  if (flags.format !== 'text') for (const line of summary.listing) note(line);

  const report = await renderReport(result.findings, {
    format: flags.format,
    cwd,
    root: project.root,
    rules: registry,
    color:
      argv.color !== false &&
      !process.env.NO_COLOR &&
      process.stdout.isTTY === true &&
      !argv.output,
    // Findings in the ss file are at the lines of their sockets: show those lines.
    wholeFile:
      anchorFile === nginxConf || anchorFile === snapshot.sourceFile ? undefined : anchorFile,
    listing: summary.listing,
    ports: summary.ports,
  });

  if (output) writeOutput(output, report);
  else process.stdout.write(report);

  return failing(result.findings, flags.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

interface Output {
  flag: string;
  given: string;
  file: string;
}

/** --output FILE, checked: it names a file, and not one the run reads. */
function outputOf(given: string, cwd: string, read: string[]): Output {
  const flag = flagAsTyped('--output', '-o');
  const file = resolve(cwd, given);

  if (given === '') throw new UsageError(`${flag} names no file`);
  // As written: cwd is the process's, and a trailing `/` must reach the folder check.
  checkOutputPath(`${flag} ${given}`, given);

  refuseOutputsOverRead(
    [{ flag: `${flag} ${given}`, file }],
    read.map((f) => resolve(cwd, f)),
  );

  return { flag, given, file };
}

/** Written to a temporary sibling and renamed, so no half report is left. */
function writeOutput({ flag, given, file }: Output, report: string): void {
  try {
    writeFileAtomic(file, Buffer.from(report));
  } catch (error) {
    // Worded as every other output's failure.
    throw new OutputFileError(`${flag} ${given}`, writeFailureReason(error));
  }
}

function readSs(file: string): LiveSnapshot {
  let text: string;

  try {
    text = readNamedFile(file, { pipes: true }).toString('utf8');
  } catch (error) {
    throw new UsageError(`--from-ss: cannot read ${file} (${readFailureText(error)})`);
  }

  try {
    return parseSsOutput(text, file);
  } catch (error) {
    if (error instanceof SsParseError) {
      throw new UsageError(`${file}:${error.line}:${error.column}: ${error.message}`);
    }

    throw error;
  }
}

/** The policy, the nginx config when one is named, and rule settings, as `lint` reads them. */
async function buildProject(
  argv: Record<string, unknown>,
  flags: PortsFlags,
  cwd: string,
  registry: RuleDefinition<any>[],
): Promise<{
  project: Project;
  configFile?: string;
  settings: ReturnType<typeof resolveRuleSettings>;
}> {
  const appPort = flags.appPort?.port;
  const configFile = argv.config as string | undefined;
  const rules = listOf(argv.rule) ?? [];
  const config = await loadProjectConfig({ cwd, configFile });
  const settings = resolveRuleSettings(registry, config.config.rules, rules);
  const nginxConf =
    (argv['nginx-conf'] as string | undefined) ??
    (config.config.nginx?.conf && config.file
      ? resolve(config.file, '..', config.config.nginx.conf)
      : undefined);

  if (nginxConf) {
    const { lint } = await import('../lint.js');

    // lint's own findings are static ones; only the project it read is used here.
    const linted = await lint({
      paths: [nginxConf],
      cwd,
      appPort,
      appPortFlag: flags.appPort?.flag,
      configFile,
      rules,
      ruleDefinitions: registry,
      note: (message) => note(message),
    });

    return { project: linted.project, configFile: config.file, settings };
  }

  const policy = resolvePolicy({
    flag: flags.appPort && { port: flags.appPort.port, name: flags.appPort.flag },
    env: process.env,
    config,
  });

  return { project: { root: cwd, configs: [], policy }, configFile: config.file, settings };
}

function portsOfInterest(project: Project): { port: number; role: string }[] {
  const { policy, configs } = project;
  const ports = [
    ...policy.nginxPorts.map((port) => ({ port, role: 'nginx' })),
    { port: policy.appPort, role: 'app' },
    { port: policy.alternatePort, role: 'app alternate' },
    ...confListens(configs, { asRoot: policy.nginxAsRoot ?? true }).map((l) => ({
      port: l.address.port,
      role: 'nginx listen',
    })),
  ];

  for (const proxy of loopbackProxies(configs)) {
    for (const target of proxy.targets) {
      if (target.kind === 'inet') ports.push({ port: target.port, role: 'proxy_pass target' });
    }
  }

  return ports;
}

/** `--wait-free PORT` (timeout > 0) and `--expect-free PORT` (timeout 0). */
async function waitFree(port: number, timeoutMs: number): Promise<number> {
  const result = await waitForFreePort({
    port,
    timeoutMs,
    readSockets: () => readSocketTables(diskProcReader).sockets,
  });
  const seconds = (result.waitedMs / 1000).toFixed(1);

  if (result.free) {
    note(`port ${port} is free${timeoutMs > 0 ? ` (after ${seconds} s)` : ''}`);

    return EXIT_OK;
  }

  // Name the holders once, at the end; polling only read the socket tables.
  const snapshot = readLiveSnapshot();
  const holders = holdersOfPort(snapshot, port, 'any');
  const unnamed = unnamedSockets(snapshot, port, 'any');
  const parts = holders.map((h) => {
    const command = stopCommand(h);
    const stop = command !== undefined ? `"${command}" would stop it` : stopAdvice(snapshot, h);

    return `${describeProcess(snapshot, h)}; ${stop}`;
  });

  if (unnamed.length > 0 || holders.length === 0) {
    const sockets = unnamed.length > 0 ? unnamed : result.held;

    const hint = process.getuid?.() === 0 ? '' : '; run as root to name it';

    parts.push(`a process that could not be named (${describeUnnamed(sockets)})${hint}`);
  }

  const when = timeoutMs > 0 ? `still held after ${seconds} s` : 'held';

  process.stdout.write(`port ${port} is ${when} by ${parts.join('; and by ')}\n`);

  return EXIT_FINDINGS;
}

function durationFlag(text: string): number {
  const ms = parseDuration(text);

  if (ms === null)
    throw new UsageError(`--timeout "${text}" is not a duration, expected e.g. 10s, 500ms or 2m`);

  return ms;
}

function failing(findings: Finding[], failOn: FailOn): boolean {
  if (failOn === 'none') return false;

  return findings.some((f) => !f.suppressed && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
}
