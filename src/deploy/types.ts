// The deployment model: what src/deploy reads around nginx (units, scripts, env files, entry
// points …) and the launchers it finds in them. Every value keeps the place it was written.
import type { Location } from '../engine/types.js';
import type { FileSystem } from '../include/fs.js';

export type { Location };

/** What a file of the deployment is, by content and place. */
export type DeployFileKind =
  | 'systemd-unit'
  | 'systemd-dropin'
  | 'shell'
  | 'env'
  | 'procfile'
  | 'supervisor'
  | 'crontab'
  | 'compose'
  | 'python';

export interface DeployFile {
  /** Absolute path in the tree. */
  path: string;
  kind: DeployFileKind;
}

/** Where a value came from; `effective` is false for a setting the server never sees. */
export interface Origin {
  /** Human description, e.g. `UVICORN_PORT in deploy/app/.env:2` or `--port in start.sh:7`. */
  label: string;
  /** The setting alone, without its place: `UVICORN_PORT`, `--port`. */
  name?: string;
  location?: Location;
  effective: boolean;
  /** Why an ineffective setting does not count, e.g. `loaded by --env-file after the options`. */
  note?: string;
}

export interface Sourced<T> {
  value: T;
  origin: Origin;
}

/** A word of a command line after quoting and expansion. */
export interface Word {
  value: string;
  /** False when an expansion in it could not be resolved statically. */
  known: boolean;
  location: Location;
}

/** A variable of a process environment. `value` is undefined when not known statically. */
export interface EnvVar {
  name: string;
  value?: string;
  exported: boolean;
  origin: Origin;
}

/** One key of an env file, read with the rules of the program that loads it. */
export interface EnvEntry {
  name: string;
  value?: string;
  location: Location;
  /** The line exported the key (`export K=v` in a file for the shell). */
  exported?: boolean;
  /** python-dotenv expands `${VAR}` in it when it loads the file. */
  interpolate?: boolean;
}

export type EnvDialect = 'systemd' | 'dotenv' | 'shell';

export interface EnvFileRead {
  /** Absolute tree path of the file. */
  path: string;
  dialect: EnvDialect;
  entries: EnvEntry[];
}

/** A key of a systemd unit: `ExecStart=…`, with its words split the way systemd splits them. */
export interface UnitSetting {
  section: string;
  key: string;
  /** The value with continuation lines joined. */
  value: string;
  location: Location;
  /** Where the value starts; words carry their own positions. */
  valueLocation: Location;
  /** The file it is written in (a drop-in may override the unit). */
  file: string;
}

export interface SystemdUnit {
  /** Absolute tree path of the unit file. */
  path: string;
  /** `app.service`. */
  name: string;
  /** Drop-ins applied over it, in the order systemd applies them. */
  dropins: string[];
  /** Settings after drop-ins; an empty value resets a list key as systemd does. */
  settings: UnitSetting[];
}

export type LauncherKind = 'systemd' | 'script' | 'supervisor' | 'cron' | 'compose' | 'procfile';
export type ServerKind = 'uvicorn' | 'gunicorn' | 'hypercorn' | 'fastapi' | 'python';

/** One hop of a call chain: the unit line, the script line that ran the next step … */
export interface ChainStep {
  label: string;
  location: Location;
}

/** An address a server listens on. */
export interface Bind {
  kind: 'tcp' | 'unix';
  /** tcp: `127.0.0.1`, `0.0.0.0`, `::`, `::1`, `localhost`, or `` for every address. */
  host?: Sourced<string>;
  port?: Sourced<number>;
  /** unix: the socket path as the server sees it. */
  path?: Sourced<string>;
  /** tcp: the IP families the socket answers, from the server's own socket code. */
  families?: Array<'ipv4' | 'ipv6'>;
  /** Set when the port (or path) cannot be known statically: what it depends on. */
  unknown?: string;
  /**
   * tcp: the port setting the server cannot read as a number, so it exits before it listens;
   * `inlineComment` when that is a ` # …` systemd kept in an EnvironmentFile= value.
   */
  refused?: { origin: Origin; inlineComment: boolean };
}

export type BackgroundHow =
  'nohup' | '&' | 'setsid' | 'daemon' | 'disown' | 'screen' | 'tmux' | 'start-stop-daemon';

export interface Background {
  how: BackgroundHow;
  location: Location;
}

/** A command that stops running instances of the app before a start. */
export interface StopStep {
  /** `pkill -f uvicorn`, `systemctl stop app` … */
  label: string;
  location: Location;
  /** The stop itself waits until the process is gone (`systemctl stop`). */
  waits: boolean;
}

/** A command that waits before a start: a fixed sleep, a loop, `ngxlint ports --wait-free`. */
export interface WaitStep {
  how: 'sleep' | 'loop' | 'wait-free' | 'systemctl';
  label: string;
  location: Location;
}

/** A command that stops something else than the app (kept to explain a finding). */
export interface OtherStop {
  label: string;
  location: Location;
}

/** An ordered event of a script run: stops, waits and starts keep their order. */
export type TimelineEvent =
  | { kind: 'stop'; step: StopStep }
  | { kind: 'wait'; step: WaitStep }
  | { kind: 'other-stop'; step: OtherStop };

/** How an entry point (main.py) gets an address for `uvicorn.run()`. */
export type PyValue =
  | { kind: 'literal'; value: string | number | boolean; location: Location }
  | { kind: 'env'; name: string; fallback?: PyValue; location: Location }
  | { kind: 'concat'; parts: PyValue[]; location: Location }
  | { kind: 'list'; items: PyValue[]; location: Location }
  | { kind: 'unknown'; location: Location };

export interface EntryPoint {
  /** Absolute tree path of the module. */
  path: string;
  /** The `uvicorn.run(…)` call, when the module has one. */
  run?: { location: Location; host?: PyValue; port?: PyValue; uds?: PyValue; underMain: boolean };
  /** The first `uvicorn.run(…)` that importing the module runs (module level, outside
   * functions and the `__main__` guard): `uvicorn main:app` then starts a server of its own. */
  runsOnImport?: Location;
  /** Environment variables it reads, wherever. */
  reads: Array<{ name: string; location: Location }>;
  /** Module-level assignments, for config modules such as gunicorn.conf.py (`bind = …`). */
  assignments: Map<string, PyValue>;
  /** The module calls `load_dotenv()` itself. */
  loadsDotenv?: { location: Location; path?: string };
}

export interface Launcher {
  /** Stable within a run: kind, file and line of the trigger. */
  id: string;
  kind: LauncherKind;
  /** The trigger: the unit's ExecStart= line, the script's command, the cron line … */
  location: Location;
  /** Trigger first, the server command last; one step when the trigger runs the server. */
  chain: ChainStep[];
  /** The command line that starts the server. */
  command: Location;
  server: ServerKind;
  /** `uvicorn`, `gunicorn`, `python3 main.py` … */
  serverLabel: string;
  /** The command line as the launcher runs it (`python3 -m uvicorn …`), words resolved where they could be. */
  argv: Word[];
  /** The process environment the server starts with. Values never reach any output. */
  env: EnvVar[];
  /** Working directory as the server sees it (absolute server path). */
  cwd?: string;
  /** `main:app`. */
  app?: string;
  /** The module that `python3 main.py` runs or `main:app` names, when found in the tree. */
  entryPoint?: string;
  /** How the server gets its address, e.g. `--host/--port, else UVICORN_HOST/UVICORN_PORT`. */
  addressFrom: string;
  binds: Bind[];
  /** Every place that set this launcher's host or port, effective or not. */
  settings: Origin[];
  background: Background[];
  /** The server forks into the background itself (`gunicorn --daemon`). */
  daemonizes?: Location;
  /** For script launchers: stops, waits and other stops before the start, in order. */
  timeline: TimelineEvent[];
  /** The systemd unit behind it, when the chain starts at one. */
  unit?: SystemdUnit;
}

/** Something the deployment reader could not do; rules turn these into findings. */
export interface DeployProblem {
  kind: 'parse' | 'unmapped' | 'ambiguous' | 'unreadable' | 'outside-root';
  /** What failed to parse, or the absolute path that could not be mapped. */
  message: string;
  location: Location;
  /** Which file kind failed to parse. */
  fileKind?: DeployFileKind;
}

/** A unit setting systemd ignores or refuses, as `systemd-analyze verify` reports it. */
export interface UnitIssue {
  messageId: 'absoluteDirectory' | 'badValue' | 'relativePath' | 'badEnvironment' | 'manyExecStart';
  key: string;
  value: string;
  location: Location;
}

/** How a server path was found in the tree. */
export interface PathMapping {
  from: string;
  to: string;
  by: 'tree' | 'map' | 'suffix';
}

export interface Deployment {
  root: string;
  files: DeployFile[];
  units: SystemdUnit[];
  envFiles: EnvFileRead[];
  entryPoints: EntryPoint[];
  launchers: Launcher[];
  problems: DeployProblem[];
  unitIssues: UnitIssue[];
  mappings: PathMapping[];
}

export interface PathMapEntry {
  /** Absolute server path prefix, e.g. `/srv/app`. */
  from: string;
  /** Tree path it maps to, relative to the root or absolute. */
  to: string;
}

export interface ReadDeploymentOptions {
  /** Deployment root (absolute). */
  root: string;
  /** Candidate files (absolute); kinds are found by content and place. */
  files: string[];
  /** The tree's other files (absolute): read only as the env files a deployment file names. */
  otherFiles?: string[];
  /** Links of the tree that lead outside the root (absolute): found, never read. */
  outsideLinks?: string[];
  fs?: FileSystem;
  /** `--map` / `pathMap` entries; they win over suffix matching. */
  pathMap?: PathMapEntry[];
  /** Called with a line for stderr (which mapping was used …). */
  note?: (message: string) => void;
}
