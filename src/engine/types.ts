// What a rule is, what it reports, and what it is given. Rules live in rules/, one module each,
// and depend only on these types and the stage modules they read.
import type { Directive, ParsedConfig, Range } from '../syntax/tree.js';
import type { WalkPath } from '../syntax/walk.js';
import type { Deployment } from '../deploy/types.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** A place in a file, 1-based, exclusive end column (UTF-16 code units). */
export interface Location extends Range {
  /** Absolute path. */
  file: string;
}

export interface RelatedLocation extends Location {
  message: string;
}

/** A suggested edit: replace [range] of file with text. */
export interface Edit {
  file: string;
  range: Range;
  text: string;
}

export interface Fix {
  description: string;
  edits: Edit[];
  /** Certain fixes are applied by --fix; the others are only offered. */
  certain: boolean;
}

export interface Finding extends Location {
  ruleId: string;
  ruleName: string;
  /** Which of the rule's message templates was used. */
  messageId?: string;
  severity: Severity;
  message: string;
  related: RelatedLocation[];
  /** Stable across unrelated edits: no line numbers; unique within a run. */
  fingerprint: string;
  fixes?: Fix[];
  suppressed?: { kind: 'inline' | 'baseline'; justification?: string; location?: Location };
}

/** The policy a run checks against, with where each value came from. */
export interface PortSource {
  /** `flag`, `env`, `config`, `launcher` or `default`. */
  kind: 'flag' | 'env' | 'config' | 'launcher' | 'default';
  /** Human description, e.g. `UVICORN_PORT in .env:2` or `--app-port`. */
  label: string;
  location?: Location;
}

export interface PortPolicy {
  appPort: number;
  appPortSources: PortSource[];
  alternatePort: number;
  nginxPorts: number[];
  /** Where the alternate port came from (config, or the default pairing 8000/8001). */
  alternatePortSources?: PortSource[];
  /** Where nginx.ports came from. */
  nginxPortsSource?: PortSource;
  /** false when nginx is started unprivileged: a server without `listen` then takes *:8000. */
  nginxAsRoot?: boolean;
  /** Addresses the app's launchers bind, as src/deploy reports them (empty when unknown). */
  bindings?: AppBinding[];
}

/** One address an app launcher binds (filled by src/deploy through the launcher hook). */
export interface AppBinding {
  /** `127.0.0.1`, `0.0.0.0`, `::`, `::1`, `localhost`; undefined for a unix socket. */
  host?: string;
  port?: number;
  /** Path of a unix socket (`--uds`, `-b unix:`). */
  unix?: string;
  /** Human description, e.g. `uvicorn in app.service`. */
  label: string;
  /** Names the launcher without its line, for fingerprints that survive unrelated edits. */
  key?: string;
  location?: Location;
  /** Where the host and the port were set, when elsewhere (an env file line …). */
  sources?: PortSource[];
}

/** Everything a run has read; rules take what they need. */
export interface Project {
  /** Root folder of the run (git work tree, --root, or the PATH). */
  root: string;
  /** Parsed nginx trees: one for an entry config, or one per fragment. */
  configs: ParsedConfig[];
  policy: PortPolicy;
  /** Launchers, units, scripts and env files read by src/deploy; absent when there are none. */
  deployment?: Deployment;
  /** The launcher meant to start the app, as the project config names it (`app.launcher`, or
   * launcher-duplicate's `keep`): a path relative to the root or a kind. Default: see
   * keptLauncher() in src/deploy/project.ts. */
  launcher?: string;
  /** The nginx build checked against (`nginx.version`, `nginx.modules` of the project config);
   * absent: the current stable release with every module ngxlint knows. */
  nginx?: { version?: string; modules?: string[] };
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** Anchor: a directive, an argument/range in a file, or an explicit location. */
  node?: Directive;
  location?: Location;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Extra text that makes the fingerprint unique when one anchor carries two findings. */
  key?: string;
  /** Where the node was reached, when a file included in two places matters (its include
   * chain becomes related locations); default: the first place the walk reached it. */
  path?: WalkPath;
  /** This finding's severity when the rule's own default does not fit the case (an info
   * "not checked", an error among warnings); a severity set in config or --rule wins. */
  severity?: Severity;
}

export interface RuleContext {
  project: Project;
  /** The severity this run gives the rule. */
  severity: Severity;
  report(descriptor: ReportDescriptor): void;
  /** A path as messages show it: relative to the project root. */
  relativePath(file: string): string;
}

/** Visitors a rule returns; the runner calls them during one walk per config. */
export interface RuleVisitors {
  /** Called for every directive, or only for the named ones with `directives`. */
  directive?: (directive: Directive, path: WalkPath, config: ParsedConfig) => void;
  /** Start of each parsed config (entry or fragment). */
  config?: (config: ParsedConfig) => void;
  /** After every config was walked: rules that compare across files report here. */
  end?: () => void;
}

export interface OptionsSchema {
  type: 'object';
  properties: Record<string, { description: string; [key: string]: unknown }>;
  additionalProperties?: boolean;
}

export interface RuleDefinition<Options = Record<string, unknown>> {
  /** Stable code, e.g. NGX301. Never reused. */
  id: string;
  /** Kebab-case alias, e.g. single-listen-80. */
  name: string;
  /** "Disallow …" or "Require …". */
  description: string;
  severity: Severity;
  tags: string[];
  /** Message templates keyed by camelCase ids; `{{name}}` placeholders. */
  messages: Record<string, string>;
  options?: OptionsSchema;
  defaultOptions?: Options;
  /** Only these directive names reach `directive` (all when absent). */
  directives?: string[];
  create(context: RuleContext, options: Options): RuleVisitors;
}
