// Generates src/nginx/directives/*.json and src/nginx/modules/*.json from the C sources of nginx
// and of the third-party modules people load: every ngx_command_t array (name, context mask,
// argument mask, block and flag bits), the module that declares it, whether configure builds it
// by default, and the release each nginx directive appeared in or was removed in.
//
// Usage (never run in CI; the output is committed):
//   node .build/x/scripts/gen-directives.js --nginx GITDIR [--module ID=GITDIR ...] [--out DIR]
// GITDIR is a bare clone (e.g. one fetched by the search tool); every tag is read with git.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { THIRD_PARTY, NGINX_SNAPSHOTS, type ThirdPartySpec } from './gen-directives-modules.js';

/** Bits nginx itself defines in ngx_conf_file.h and the http/stream/mail/event headers. */
const ARG_SYMBOLS = new Set([
  'NOARGS',
  'TAKE1',
  'TAKE2',
  'TAKE3',
  'TAKE4',
  'TAKE5',
  'TAKE6',
  'TAKE7',
  'FLAG',
  'ANY',
  '1MORE',
  '2MORE',
]);
const COMPOSITE: Record<string, string[]> = {
  NGX_CONF_TAKE12: ['NGX_CONF_TAKE1', 'NGX_CONF_TAKE2'],
  NGX_CONF_TAKE13: ['NGX_CONF_TAKE1', 'NGX_CONF_TAKE3'],
  NGX_CONF_TAKE23: ['NGX_CONF_TAKE2', 'NGX_CONF_TAKE3'],
  NGX_CONF_TAKE123: ['NGX_CONF_TAKE1', 'NGX_CONF_TAKE2', 'NGX_CONF_TAKE3'],
  NGX_CONF_TAKE1234: ['NGX_CONF_TAKE1', 'NGX_CONF_TAKE2', 'NGX_CONF_TAKE3', 'NGX_CONF_TAKE4'],
};
const CONTEXT_RE = /^NGX_(MAIN|ANY|EVENT|(?:HTTP|STREAM|MAIL|RTMP)_[A-Z]+)_CONF$/;

export interface RawDirective {
  name: string;
  contexts: string[];
  args: string[];
  block: boolean;
  /** Preprocessor conditions around the entry, outermost first (`NGX_HTTP_SSL`, `!NGX_WIN32`). */
  if?: string[];
  /** The C function that reads the arguments (`ngx_conf_set_flag_slot` …). */
  set?: string;
}

export interface RawModule {
  name: string;
  type: string;
  file: string;
  directives: RawDirective[];
}

function git(dir: string, args: string[], input?: string): string {
  const r = spawnSync('git', ['-C', dir, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 2 ** 30,
  });

  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);

  return r.stdout;
}

/** Reads many blobs in one `git cat-file --batch`; returns sha → text. */
function readBlobs(dir: string, shas: string[]): Map<string, string> {
  const out = new Map<string, string>();

  if (shas.length === 0) return out;

  const r = spawnSync('git', ['-C', dir, 'cat-file', '--batch'], {
    input: shas.join('\n') + '\n',
    maxBuffer: 2 ** 31,
  });
  const buf = r.stdout;
  let pos = 0;

  while (pos < buf.length) {
    const nl = buf.indexOf(10, pos);
    const [sha, , size] = buf.subarray(pos, nl).toString().split(' ');
    const start = nl + 1;
    const end = start + Number(size);

    out.set(sha, buf.subarray(start, end).toString('latin1'));
    pos = end + 1;
  }

  return out;
}

function listTree(dir: string, ref: string): { path: string; sha: string }[] {
  return git(dir, ['ls-tree', '-r', ref])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split('\t');

      return { path, sha: meta.split(' ')[2] };
    });
}

/** `#define NAME value` pairs whose value is an expression of identifiers and `|`. */
function collectDefines(text: string, into: Map<string, string>): void {
  const joined = text.replace(/\\\r?\n/g, ' ');

  for (const m of joined.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+(.+)$/gm)) {
    const value = m[2].replace(/\/\*.*?\*\//g, '').trim();

    if (/^\(?[\sA-Za-z_0-9|()]+\)?$/.test(value) && /[A-Za-z_]/.test(value)) {
      into.set(m[1], value);
    }
  }
}

function expandMask(expr: string, defines: Map<string, string>, depth = 0): string[] {
  const out: string[] = [];

  for (const id of expr.match(/[A-Za-z_]\w*/g) ?? []) {
    if (COMPOSITE[id]) out.push(...COMPOSITE[id]);
    else if (id.startsWith('NGX_CONF_') || CONTEXT_RE.test(id) || id === 'NGX_DIRECT_CONF') {
      out.push(id);
    } else if (defines.has(id) && depth < 8)
      out.push(...expandMask(defines.get(id)!, defines, depth + 1));
    else throw new Error(`cannot resolve mask symbol ${id} in "${expr}"`);
  }

  return out;
}

function toDirective(name: string, symbols: string[], conds: string[]): RawDirective {
  const contexts = new Set<string>();
  const args = new Set<string>();
  let block = false;

  for (const s of symbols) {
    const ctx = CONTEXT_RE.exec(s);

    if (ctx) contexts.add(ctx[1]);
    else if (s === 'NGX_CONF_BLOCK') block = true;
    else if (s.startsWith('NGX_CONF_') && ARG_SYMBOLS.has(s.slice(9))) args.add(s.slice(9));
  }

  const d: RawDirective = { name, contexts: [...contexts].sort(), args: [...args].sort(), block };

  if (conds.length > 0) d.if = [...conds];

  return d;
}

interface FileScan {
  /** Command arrays by C name. */
  arrays: Map<string, RawDirective[]>;
  /** ngx_module_t definitions: module name, commands array name, module type. */
  modules: { name: string; commands: string; type: string }[];
}

/** Finds every `ngx_command_t x[] = { … }` array and every `ngx_module_t` of one C file. */
export function scanFile(text: string, file: string, defines: Map<string, string>): FileScan {
  const clean = text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/(^|[\s;,{}])\/\/[^\n]*/gm, '$1');
  const arrays = new Map<string, RawDirective[]>();

  for (const m of clean.matchAll(/ngx_command_t\s+(\w+)\s*\[\s*\]\s*=\s*\{/g)) {
    const body = clean.slice(m.index! + m[0].length);
    const end = body.search(/ngx_null_command/);

    arrays.set(m[1], parseCommands(body.slice(0, end < 0 ? undefined : end), defines, file));
  }

  const modules: FileScan['modules'] = [];
  const moduleRe =
    /ngx_module_t\s+(\w+)\s*=\s*\{\s*NGX_MODULE_V1\s*,\s*[^,]+,\s*(\w+)\s*,\s*(\w+)\s*,/g;

  for (const m of clean.matchAll(moduleRe)) {
    modules.push({
      name: m[1],
      commands: m[2],
      type: m[3].replace(/^NGX_/, '').replace(/_MODULE$/, ''),
    });
  }

  return { arrays, modules };
}

function parseCommands(body: string, defines: Map<string, string>, file: string): RawDirective[] {
  const out: RawDirective[] = [];
  const conds: string[] = [];
  const lines = body.split('\n');
  let pending = '';

  for (const line of lines) {
    const pp = /^\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b\s*(.*)$/.exec(line);

    if (pp) {
      const [, kw, rest] = pp;
      const cond = rest.trim();

      if (kw === 'if') conds.push(cond);
      else if (kw === 'ifdef') conds.push(`defined(${cond})`);
      else if (kw === 'ifndef') conds.push(`!defined(${cond})`);
      else if (kw === 'else') conds.push(`!(${conds.pop()})`);
      else if (kw === 'elif') conds.push(`!(${conds.pop()}) && (${cond})`);
      else conds.pop();
      continue;
    }

    pending += line + '\n';

    const entry = /\{\s*ngx_string\s*\(\s*"([^"]+)"\s*\)\s*,\s*([^,]+),\s*(\w+)/.exec(pending);

    if (entry) {
      try {
        out.push({ ...toDirective(entry[1], expandMask(entry[2], defines), conds), set: entry[3] });
      } catch (error) {
        console.warn(`${file}: ${(error as Error).message}`);
      }

      pending = pending.slice(entry.index + entry[0].length);
      pending = pending.replace(/^[\s\S]*?\}\s*,?/, '');
    }
  }

  return out;
}

function versionKey(v: string): number[] {
  return v.split(/[.]/).map((p) => Number.parseInt(p, 10) || 0);
}

export function compareVersions(a: string, b: string): number {
  const x = versionKey(a);
  const y = versionKey(b);

  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);

    if (d !== 0) return d;
  }

  return 0;
}

/** Scans one ref: every module that declares commands, linked across files (a module may
 * name an array that another file, pulled in by #include, defines). */
function scanRef(
  dir: string,
  ref: string,
  options: { skip?: RegExp; cache: Map<string, FileScan>; baseDefines?: Map<string, string> },
): RawModule[] {
  const tree = listTree(dir, ref).filter(
    (f) => /\.[ch]$/.test(f.path) && !(options.skip && options.skip.test(f.path)),
  );
  const defines = new Map(options.baseDefines);
  const need = tree.filter((f) => f.path.endsWith('.h') || !options.cache.has(f.sha));
  const blobs = readBlobs(
    dir,
    need.map((f) => f.sha),
  );

  for (const f of tree) {
    const text = blobs.get(f.sha);

    if (text !== undefined) collectDefines(text, defines);
  }

  const arrays = new Map<string, RawDirective[]>();
  const defs: (FileScan['modules'][number] & { file: string })[] = [];

  for (const f of tree.filter((t) => t.path.endsWith('.c'))) {
    let found = options.cache.get(f.sha);

    if (!found) {
      const text = blobs.get(f.sha) ?? '';

      found =
        text.includes('ngx_command_t') || text.includes('ngx_module_t')
          ? scanFile(inlineIncludes(text, tree, dir), f.path, defines)
          : { arrays: new Map(), modules: [] };
      options.cache.set(f.sha, found);
    }

    for (const [k, v] of found.arrays) if (!arrays.has(k) || v.length > 0) arrays.set(k, v);
    defs.push(...found.modules.map((m) => ({ ...m, file: f.path })));
  }

  return defs.map((d) => ({
    name: d.name,
    type: d.type,
    file: d.file,
    directives: arrays.get(d.commands) ?? [],
  }));
}

/** NDK writes commands into headers it #includes inside the array: inline those headers. */
function inlineIncludes(text: string, tree: { path: string; sha: string }[], dir: string): string {
  return text.replace(
    /(ngx_command_t\s+\w+\s*\[\s*\]\s*=\s*\{)([\s\S]*?ngx_null_command)/g,
    (_, head: string, body: string) =>
      head +
      body.replace(/^\s*#\s*include\s+[<"]([^>"]+)[>"].*$/gm, (line, name: string) => {
        const hit = tree.find((t) => t.path.endsWith(`/${name}`) || t.path === name);

        return hit ? (readBlobs(dir, [hit.sha]).get(hit.sha) ?? line) : line;
      }),
  );
}

interface BuildInfo {
  build: 'default' | 'optional' | 'other-os';
  configure?: string[];
  dynamic?: boolean;
}

/** Which configure switches build each source file, read from auto/options and auto/modules. */
function readBuildRules(dir: string, ref: string): (file: string) => BuildInfo {
  const options = git(dir, ['show', `${ref}:auto/options`]);
  const modulesText = git(dir, ['show', `${ref}:auto/modules`]).replace(/\\\n/g, ' ');
  const defaults = new Map<string, string>();
  const flags = new Map<string, string[]>();
  const dynamicVars = new Set<string>();

  for (const m of options.matchAll(/^([A-Z][A-Z_0-9]*)=(YES|NO)\s*$/gm)) {
    if (!defaults.has(m[1])) defaults.set(m[1], m[2]);
  }

  for (const m of options.matchAll(/^\s*(--with(?:out)?-[\w-]+?)(=dynamic)?\)\s*([A-Z_0-9]+)=/gm)) {
    if (m[2]) dynamicVars.add(m[3]);
    else flags.set(m[3], [...(flags.get(m[3]) ?? []), m[1]]);
  }

  const byFile = new Map<string, string[]>();
  const stack: string[][] = [];

  for (const line of modulesText.split('\n')) {
    const cond = /^\s*if \[ (.*) \]; then/.exec(line);

    if (cond) {
      const vars = [...cond[1].matchAll(/\$([A-Z_0-9]+) (?:= YES|!= NO)/g)].map((v) => v[1]);

      stack.push(cond[1].includes(' -o ') ? [] : vars);
      continue;
    }

    if (/^\s*if\b/.test(line)) stack.push([]);
    else if (/^\s*fi\b/.test(line)) stack.pop();

    const srcs = /^\s*ngx_module_srcs="?([^"]*)"?/.exec(line);

    if (srcs) {
      for (const src of srcs[1].split(/\s+/).filter(Boolean)) byFile.set(src, stack.flat());
    }
  }

  return (file) => {
    if (/src\/event\/modules\/ngx_(epoll|select|poll)_module\.c$/.test(file)) {
      return { build: 'default' };
    }

    if (/src\/event\/modules\/|src\/os\/win32\//.test(file)) return { build: 'other-os' };

    const vars = byFile.get(file);

    if (!vars) return { build: 'default' };

    // PCRE is detected by configure when present, as it is on every distribution.
    const off = vars.filter((v) => defaults.get(v) !== 'YES' && v !== 'USE_PCRE');

    if (off.length === 0) return { build: 'default' };

    const configure = off.flatMap((v) => flags.get(v) ?? []);

    return {
      build: 'optional',
      configure,
      ...(off.some((v) => dynamicVars.has(v)) ? { dynamic: true } : {}),
    };
  };
}

function releaseTags(dir: string): { tag: string; version: string }[] {
  return git(dir, ['tag', '-l', 'release-1.*'])
    .split('\n')
    .filter((t) => /^release-\d+\.\d+\.\d+$/.test(t))
    .map((tag) => ({ tag, version: tag.slice('release-'.length) }))
    .sort((a, b) => compareVersions(a.version, b.version));
}

function directiveKey(type: string, name: string): string {
  return `${type}:${name}`;
}

function jsonLines(header: Record<string, unknown>, list: string, items: unknown[]): string {
  const head = JSON.stringify(header, null, 2).replace(/\n\}$/, '');
  const body = items.map((i) => `    ${JSON.stringify(i)}`).join(',\n');

  return `${head},\n  "${list}": [\n${body}\n  ]\n}\n`;
}

function generateNginx(dir: string, outDir: string): void {
  const tags = releaseTags(dir);
  const cache = new Map<string, FileScan>();
  const history = new Map<string, { since: string; removed?: string; last: string }>();
  const skip = /^(src\/os\/win32|src\/misc|misc)\//;

  console.log(`nginx: ${tags.length} release tags, ${tags[0].version} … ${tags.at(-1)!.version}`);

  for (const { tag, version } of tags) {
    const seen = new Set<string>();

    for (const m of scanRef(dir, tag, { skip, cache })) {
      for (const d of m.directives) seen.add(directiveKey(m.type, d.name));
    }

    for (const key of seen) {
      const h = history.get(key);

      if (!h) history.set(key, { since: version, last: version });
      else {
        if (h.removed) delete h.removed;
        h.last = version;
      }
    }

    for (const [key, h] of history) {
      if (!seen.has(key) && !h.removed) h.removed = version;
    }
  }

  const first = tags[0].version;
  const histOut: Record<string, [string, string | null]> = {};

  for (const [key, h] of [...history].sort(([a], [b]) => a.localeCompare(b))) {
    histOut[key] = [h.since === first ? `<=${first}` : h.since, h.removed ?? null];
  }

  const header = {
    generated: 'by scripts/gen-directives.ts from nginx/nginx release tags; do not edit',
    source: 'https://github.com/nginx/nginx',
    scanned: `${first}..${tags.at(-1)!.version}`,
    format: '"TYPE:name": [first release with it, first release without it or null]',
  };
  const entries = Object.entries(histOut).map(
    ([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`,
  );
  const head = JSON.stringify(header, null, 2).replace(/\n\}$/, '');

  writeFileSync(
    join(outDir, 'directives', 'history.json'),
    `${head},\n  "entries": {\n${entries.join(',\n')}\n  }\n}\n`,
  );

  for (const version of NGINX_SNAPSHOTS) {
    const tag = `release-${version}`;
    const commit = git(dir, ['rev-list', '-n1', tag]).trim();
    const build = readBuildRules(dir, tag);
    const modules = scanRef(dir, tag, { skip, cache });
    const directives = modules.flatMap((m) =>
      m.directives.map((d) => {
        const h = history.get(directiveKey(m.type, d.name))!;

        return { ...d, module: m.name, since: h.since === first ? `<=${first}` : h.since };
      }),
    );
    const moduleList = modules
      .filter((m) => m.directives.length > 0)
      .map((m) => ({ name: m.name, type: m.type, file: m.file, ...build(m.file) }));

    writeFileSync(
      join(outDir, 'directives', `nginx-${version}.json`),
      jsonLines(
        {
          generated: 'by scripts/gen-directives.ts from nginx/nginx; do not edit',
          source: 'https://github.com/nginx/nginx',
          version,
          tag,
          commit,
          modules: moduleList,
        },
        'directives',
        directives,
      ),
    );
    console.log(`nginx ${version}: ${moduleList.length} modules, ${directives.length} directives`);
  }
}

function generateThirdParty(
  spec: ThirdPartySpec,
  dir: string,
  nginxDefines: Map<string, string>,
  outDir: string,
): void {
  const snapshots: Record<string, unknown> = {};

  for (const tag of spec.tags) {
    const commit = git(dir, ['rev-list', '-n1', tag]).trim();
    const modules = scanRef(dir, tag, {
      skip: spec.skip,
      cache: new Map(),
      baseDefines: nginxDefines,
    }).filter((m) => m.directives.length > 0);

    snapshots[tag] = {
      commit,
      modules: modules.map((m) => ({ name: m.name, type: m.type, file: m.file })),
      directives: modules.flatMap((m) => m.directives.map((d) => ({ ...d, module: m.name }))),
    };
    console.log(`${spec.id} ${tag}: ${modules.length} modules`);
  }

  const text = JSON.stringify(
    {
      generated: `by scripts/gen-directives.ts from ${spec.repo}; do not edit`,
      source: `https://github.com/${spec.repo}`,
      id: spec.id,
      title: spec.title,
      debian: spec.debian,
      latest: spec.tags.at(-1),
      snapshots,
    },
    null,
    2,
  );

  // One directive per line keeps the committed file short and its diffs readable.
  const compact = text.replace(/\{\n\s+"name"[^{}]*?\}/g, (obj) => JSON.stringify(JSON.parse(obj)));

  writeFileSync(join(outDir, 'modules', `${spec.id}.json`), compact + '\n');
}

function main(argv: string[]): void {
  const arg = (name: string): string[] =>
    argv.flatMap((a, i) => (a === name && argv[i + 1] ? [argv[i + 1]] : []));
  const nginxDir = arg('--nginx')[0];
  const outDir = arg('--out')[0] ?? 'src/nginx';

  if (!nginxDir) {
    console.error('usage: gen-directives --nginx GITDIR [--module ID=GITDIR ...] [--out DIR]');
    process.exit(2);
  }

  mkdirSync(join(outDir, 'directives'), { recursive: true });
  mkdirSync(join(outDir, 'modules'), { recursive: true });
  generateNginx(nginxDir, outDir);

  // Third-party modules expand nginx's own macros: read them from the newest snapshot.
  const nginxDefines = new Map<string, string>();
  const tag = `release-${NGINX_SNAPSHOTS.at(-1)}`;
  const headers = listTree(nginxDir, tag).filter((f) => f.path.endsWith('.h'));

  for (const text of readBlobs(
    nginxDir,
    headers.map((h) => h.sha),
  ).values()) {
    collectDefines(text, nginxDefines);
  }

  for (const pair of arg('--module')) {
    const [id, dir] = pair.split('=');
    const spec = THIRD_PARTY.find((s) => s.id === id);

    if (!spec) throw new Error(`unknown module id ${id}`);

    generateThirdParty(spec, dir, nginxDefines, outDir);
  }
}

if (process.argv[1]?.endsWith('gen-directives.js')) main(process.argv.slice(2));
