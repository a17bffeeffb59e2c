// The directive table of one target build (nginx release + modules), read lazily from the
// generated files in src/nginx/directives/ and src/nginx/modules/ (scripts/gen-directives.ts).
// Descriptions and doc links come from @nginx/reference-lib, separately (src/nginx/reference.ts).
import { createRequire } from 'node:module';
import { MODULE_TABLES, NGINX_TABLES } from './data-files.js';
import { PRESETS, debianPackageOf } from './presets.js';

const require = createRequire(import.meta.url);

export type ModuleType = 'CORE' | 'CONF' | 'EVENT' | 'HTTP' | 'STREAM' | 'MAIL' | 'RTMP';

/** One `ngx_command_t` entry: where a directive may appear and how many arguments it takes. */
export interface DirectiveSpec {
  name: string;
  module: string;
  type: ModuleType;
  /** Context bits without NGX_ and _CONF: `HTTP_SRV`, `MAIN`, `ANY` … */
  contexts: string[];
  /** Argument bits without NGX_CONF_: `TAKE12` is `['TAKE1', 'TAKE2']`; `FLAG`, `1MORE` … */
  args: string[];
  block: boolean;
  /** The C handler that reads it, e.g. `ngx_conf_set_flag_slot`. */
  set?: string;
  /** `nginx`, or the id of a third-party module table. */
  provider: string;
}

export interface NginxTarget {
  version?: string;
  /** Presets (`debian-12`), third-party ids (`lua`, `lua@v0.10.23`), nginx modules (`http_ssl`, `ngx_stream_module`
   * or `--with-stream`). Absent: every module ngxlint knows. */
  modules?: string[];
}

/** Why a name is not a directive of the target, when ngxlint knows. */
export type UnknownReason =
  | { kind: 'newer'; since: string }
  | { kind: 'removed'; removed: string }
  | { kind: 'module'; module: string; title: string; packages: string[] };

interface RawDirective {
  name: string;
  contexts: string[];
  args: string[];
  block: boolean;
  set?: string;
  module: string;
}

interface RawModule {
  name: string;
  type: string;
  build?: 'default' | 'optional' | 'other-os';
  configure?: string[];
  dynamic?: boolean;
}

interface NginxFile {
  version: string;
  modules: RawModule[];
  directives: RawDirective[];
}

interface ModuleFile {
  id: string;
  title: string;
  debian: string[];
  latest: string;
  snapshots: Record<string, { modules: RawModule[]; directives: RawDirective[] }>;
}

interface History {
  entries: Record<string, [string, string | null]>;
}

export class TargetError extends Error {}

const nginxFiles = new Map<string, NginxFile>();
const moduleFiles = new Map<string, ModuleFile>();
let history: History | undefined;

function nginxFile(version: string): NginxFile {
  let file = nginxFiles.get(version);

  if (!file) {
    file = require(`./directives/nginx-${version}.json`) as NginxFile;
    nginxFiles.set(version, file);
  }

  return file;
}

function moduleFile(id: string): ModuleFile {
  let file = moduleFiles.get(id);

  if (!file) {
    file = require(`./modules/${id}.json`) as ModuleFile;
    moduleFiles.set(id, file);
  }

  return file;
}

function historyFile(): History {
  history ??= require('./directives/history.json') as History;

  return history;
}

export function compareVersions(a: string, b: string): number {
  const x = a.replace(/^<=/, '').split('.').map(Number);
  const y = b.replace(/^<=/, '').split('.').map(Number);

  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);

    if (d !== 0) return d;
  }

  return 0;
}

/** The newest stable release with a table (even minor number): the default target. */
export const DEFAULT_VERSION = [...NGINX_TABLES]
  .reverse()
  .find((v) => Number(v.split('.')[1]) % 2 === 0) as string;

/** Short name users may write for an nginx module: `ngx_http_ssl_module` → `http_ssl`. */
function shortName(module: string): string {
  return module.replace(/^ngx_/, '').replace(/_module$/, '');
}

function inWindow(version: string, key: string): boolean {
  const entry = historyFile().entries[key];

  if (!entry) return true;

  const [since, removed] = entry;

  if (!since.startsWith('<=') && compareVersions(since, version) > 0) return false;

  return removed === null || compareVersions(removed, version) > 0;
}

/** nginx's own directives at `version`: the nearest tables around it, cut by the history. */
function nginxDirectives(version: string): { modules: RawModule[]; directives: RawDirective[] } {
  const upper = NGINX_TABLES.find((v) => compareVersions(v, version) >= 0) ?? NGINX_TABLES.at(-1)!;
  const lower = [...NGINX_TABLES].reverse().find((v) => compareVersions(v, version) <= 0);
  const main = nginxFile(upper);

  if (upper === version || !lower) return main;

  const older = nginxFile(lower);
  const type = (list: RawModule[]) => new Map(list.map((m) => [m.name, m.type]));
  const mainTypes = type(main.modules);
  const olderTypes = type(older.modules);
  const keep = (d: RawDirective, types: Map<string, string>) =>
    inWindow(version, `${types.get(d.module)}:${d.name}`);
  const directives = main.directives.filter((d) => keep(d, mainTypes));
  const seen = new Set(directives.map((d) => `${mainTypes.get(d.module)}:${d.name}`));

  for (const d of older.directives) {
    const key = `${olderTypes.get(d.module)}:${d.name}`;

    if (!seen.has(key) && keep(d, olderTypes)) directives.push(d);
  }

  const modules = [...main.modules];

  for (const m of older.modules) if (!mainTypes.has(m.name)) modules.push(m);

  return { modules, directives };
}

interface Selection {
  configure: Set<string>;
  modules: Set<string>;
  thirdParty: Map<string, string>;
}

function select(target: NginxTarget, nginxModules: RawModule[]): Selection {
  const selection: Selection = { configure: new Set(), modules: new Set(), thirdParty: new Map() };
  const byShort = new Map(nginxModules.map((m) => [shortName(m.name), m.name]));

  for (const entry of target.modules ?? []) {
    const preset = PRESETS[entry];

    if (preset) {
      for (const c of preset.configure) selection.configure.add(c.replace(/=dynamic$/, ''));
      for (const [id, tag] of Object.entries(preset.thirdParty)) selection.thirdParty.set(id, tag);
    } else if (MODULE_TABLES.includes(entry.split('@')[0])) {
      // `lua@v0.10.23` picks a generated snapshot; a bare id the module's newest release.
      const [id, tag] = entry.split('@');

      if (tag && !moduleFile(id).snapshots[tag]) {
        throw new TargetError(
          `unknown version "${tag}" of "${id}" in nginx.modules, expected one of ${Object.keys(moduleFile(id).snapshots).join(', ')}`,
        );
      }

      selection.thirdParty.set(id, tag ?? selection.thirdParty.get(id) ?? moduleFile(id).latest);
    } else if (entry.startsWith('--with')) {
      selection.configure.add(entry.replace(/=dynamic$/, ''));
    } else if (byShort.has(shortName(entry))) {
      selection.modules.add(byShort.get(shortName(entry))!);
    } else {
      throw new TargetError(
        `unknown module "${entry}" in nginx.modules, expected a preset (${Object.keys(PRESETS).join(', ')}), ` +
          `a third-party module (${MODULE_TABLES.join(', ')}), an nginx module such as "http_ssl" ` +
          'or a configure switch such as "--with-stream"',
      );
    }
  }

  return selection;
}

/** Every directive of one target build, by name. */
let byName: Map<string, Array<[string, History['entries'][string]]>> | undefined;

/** The history's entries by directive name (keys are `TYPE:name`): asked once per unknown name,
 * and scanning all 798 entries each time cost 0.1 ms a finding. */
function historyByName(): Map<string, Array<[string, History['entries'][string]]>> {
  if (!byName) {
    byName = new Map();

    for (const entry of Object.entries(historyFile().entries)) {
      const name = entry[0].slice(entry[0].indexOf(':') + 1);

      byName.set(name, [...(byName.get(name) ?? []), entry]);
    }
  }

  return byName;
}

export class DirectiveTable {
  readonly version: string;
  /** `nginx.modules` was given: modules outside it are unknown. */
  readonly narrowed: boolean;
  private readonly byName = new Map<string, DirectiveSpec[]>();
  private readonly absent = new Map<string, DirectiveSpec[]>();
  private readonly titles = new Map<string, { title: string; packages: string[] }>();
  /** Names of every module with a table, enabled or not (what `load_module` may name). */
  readonly moduleNames = new Set<string>(['ngx_stream_module', 'ngx_mail_module']);

  constructor(target: NginxTarget = {}) {
    const version = target.version ?? presetVersion(target) ?? DEFAULT_VERSION;

    if (!/^1\.\d+(\.\d+)?$/.test(version)) {
      throw new TargetError(
        `invalid nginx.version "${version}", expected a release such as "1.22.1"`,
      );
    }

    this.version = version;
    this.narrowed = target.modules !== undefined;

    const nginx = nginxDirectives(version);
    const selection = select(target, nginx.modules);
    const modules = new Map(nginx.modules.map((m) => [m.name, m]));

    for (const d of nginx.directives) {
      const m = modules.get(d.module);

      if (!m || m.build === 'other-os') continue;

      const on =
        !this.narrowed ||
        m.build === 'default' ||
        selection.modules.has(m.name) ||
        (m.configure ?? []).some((c) => selection.configure.has(c));
      const spec = { ...d, type: m.type as ModuleType, provider: 'nginx' };

      this.add(on ? this.byName : this.absent, spec);

      if (!on) {
        const pkg = debianPackageOf(m.name);

        this.titles.set(m.name, {
          title: `${m.name} (configure ${(m.configure ?? []).join(' or ')})`,
          packages: pkg ? [pkg] : [],
        });
      }
    }

    for (const id of MODULE_TABLES) {
      const file = moduleFile(id);
      const chosen = selection.thirdParty.get(id);
      const on = !this.narrowed || chosen !== undefined;
      const snapshot = file.snapshots[chosen ?? file.latest];
      const types = new Map(snapshot.modules.map((m) => [m.name, m.type]));

      for (const d of snapshot.directives) {
        this.add(on ? this.byName : this.absent, {
          ...d,
          type: types.get(d.module) as ModuleType,
          provider: id,
        });
      }

      for (const m of snapshot.modules) {
        this.titles.set(m.name, { title: `the ${file.title} module`, packages: file.debian });
      }
    }
  }

  private add(map: Map<string, DirectiveSpec[]>, spec: DirectiveSpec): void {
    this.moduleNames.add(spec.module);

    const list = map.get(spec.name);

    if (list) list.push(spec);
    else map.set(spec.name, [spec]);
  }

  /** The target's entries for a name, in module order; empty when unknown. */
  lookup(name: string): readonly DirectiveSpec[] {
    return this.byName.get(name) ?? [];
  }

  /** Why `name` is unknown to this target: too new, removed, or in a module left out. */
  whyUnknown(name: string): UnknownReason | undefined {
    const entries = historyByName().get(name) ?? [];

    for (const [, [since]] of entries) {
      if (!since.startsWith('<=') && compareVersions(since, this.version) > 0) {
        return { kind: 'newer', since };
      }
    }

    for (const [, [, removed]] of entries) {
      if (removed && compareVersions(removed, this.version) <= 0)
        return { kind: 'removed', removed };
    }

    const off = this.absent.get(name)?.[0];

    if (off) {
      const info = this.titles.get(off.module);

      return {
        kind: 'module',
        module: off.module,
        title: info?.title ?? off.module,
        packages: info?.packages ?? [],
      };
    }

    return undefined;
  }
}

function presetVersion(target: NginxTarget): string | undefined {
  return target.modules?.map((m) => PRESETS[m]?.version).find(Boolean);
}

const cache = new Map<string, DirectiveTable>();

/** The table of a target, built once per distinct target. */
export function loadTable(target: NginxTarget = {}): DirectiveTable {
  const key = JSON.stringify([target.version ?? null, target.modules ?? null]);
  let table = cache.get(key);

  if (!table) {
    table = new DirectiveTable(target);
    cache.set(key, table);
  }

  return table;
}
