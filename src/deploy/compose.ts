// docker-compose files: each service's command (a list, or a string compose splits itself),
// environment, env_file, working_dir and published ports, with positions from the yaml parser.
// A server in a container is reached through its published port, not its own bind.
import { dirname } from 'node:path';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { DeployContext, RichWord } from './context.js';
import { exported, originAt, readEnvFile, readText } from './context.js';
import { runCommand, type Run } from './commands.js';
import { dotenvValues } from './envfile.js';
import { serverJoin } from './paths.js';
import { splitUnitWords } from './systemd.js';
import { yamlNestingError } from './limits.js';
import { EmbeddedText, type FileText } from './text.js';
import { newRun } from './triggers.js';
import type { Bind, EnvVar, Location } from './types.js';

// Not read: an image's own CMD (a service without command: is no launcher), and a container
// bind on 127.0.0.1, which docker's published port cannot reach.
export function runCompose(context: DeployContext, path: string): Run[] {
  const text = readText(context, path);

  if (!text) return [];

  // yaml's Composer recurses: a file nested too deep is a problem before it runs.
  const deep = yamlNestingError(text.text);

  if (deep) {
    context.problems.push({
      kind: 'parse',
      message: deep.message,
      location: text.location(deep.start, deep.end),
      fileKind: 'compose',
    });

    return [];
  }

  const doc = parseDocument(text.text, { merge: true });

  // The first error only, as for scripts: a hostile file can hold thousands.
  for (const error of doc.errors.slice(0, 1)) {
    context.problems.push({
      kind: 'parse',
      message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
      location: text.location(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)),
      fileKind: 'compose',
    });
  }

  if (doc.errors.length > 0) return [];

  const services = doc.get('services', true);
  const runs: Run[] = [];

  if (!isMap(services)) return runs;

  for (const [name, pair] of mergedPairs(doc, services)) {
    const service = resolved(doc, pair.value);

    if (!isMap(service)) continue;

    const fields = mergedPairs(doc, service);
    const field = (key: string) => resolved(doc, fields.get(key)?.value);
    const entrypoint = field('entrypoint');
    const commandNode = field('command');
    const command = [entrypoint, commandNode].flatMap((node) =>
      node ? commandWords(text, node) : [],
    );

    if (command.length === 0) continue;

    const env = serviceEnv(context, text, doc, field, path);
    const run = newRun('compose');
    const location = at(text, (commandNode ?? entrypoint)!);
    const workDirNode = field('working_dir');
    const workDir = isScalar(workDirNode) ? workDirNode.value : undefined;

    run.chain.push({ label: `service ${name} in ${path.split('/').pop()}`, location });
    runCommand(
      context,
      command,
      {
        text,
        vars: new Map(env),
        allExport: false,
        cwd: typeof workDir === 'string' ? serverJoin(undefined, workDir) : undefined,
        functions: new Map(),
        args: [],
        background: [],
        run,
      },
      { prefix: new Map(), background: [], location },
    );

    const network = field('network_mode');

    if (!isScalar(network) || network.value !== 'host') {
      for (const launcher of run.launchers) {
        launcher.binds = publish(context, text, field('ports'), launcher.binds);
      }
    }

    runs.push(run);
  }

  return runs;
}

/** A node, or the node an alias (`*x`) points at. */
function resolved(doc: Document, node: unknown): YamlNode | undefined {
  if (isAlias(node)) return node.resolve(doc) ?? undefined;

  return (node ?? undefined) as YamlNode | undefined;
}

/**
 * A map's keys with YAML merge keys applied (`<<: *x`, `<<: [*x, *y]`) as compose reads them:
 * its own keys win, then the merged maps in order. Each value keeps its own position.
 */
// Each map's merged pairs, once per map: a small file can reference one anchor from many
// merges at each of many levels (8 merges of 8 merges … is 8^N expansions, not 8·N).
const mergedOf = new WeakMap<YAMLMap, Map<string, Pair>>();

function mergedPairs(doc: Document, map: YAMLMap, depth = 0): Map<string, Pair> {
  const known = mergedOf.get(map);

  if (known) return known;

  const out = mergeOnce(doc, map, depth);

  mergedOf.set(map, out);

  return out;
}

function mergeOnce(doc: Document, map: YAMLMap, depth: number): Map<string, Pair> {
  const out = new Map<string, Pair>();
  const merges: unknown[] = [];

  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;

    const key = pair.key.value;

    if (key === '<<' || (typeof key === 'symbol' && key.description === '<<'))
      merges.push(pair.value);
    else out.set(String(key), pair as Pair);
  }

  // Merges of merges, each a level: a hostile file may chain many.
  if (depth > 20) return out;

  for (const merge of merges) {
    const source = resolved(doc, merge);

    for (const item of isSeq(source) ? source.items : [source]) {
      const from = resolved(doc, item);

      if (!isMap(from)) continue;

      for (const [key, pair] of mergedPairs(doc, from, depth + 1)) {
        if (!out.has(key)) out.set(key, pair);
      }
    }
  }

  return out;
}

function at(text: FileText, node: YamlNode): Location {
  const range = node.range ?? [0, 0, 0];

  return text.location(range[0], range[1]);
}

function commandWords(text: FileText, node: YamlNode): RichWord[] {
  if (isSeq(node)) {
    return node.items.flatMap((item) => (isScalar(item) ? [scalarWord(text, item)] : []));
  }

  if (!isScalar(node) || typeof node.value !== 'string') return [];

  const word = scalarWord(text, node);
  const embedded = new EmbeddedText(text, word.value, word.offsets);

  return splitUnitWords(embedded).words.map((w) => ({
    value: w.value,
    known: !w.value.includes('$'),
    location: embedded.location(w.start, w.end),
    offsets: w.offsets.map((i) => embedded.hostOffset(i)),
    text: embedded,
  }));
}

function scalarWord(text: FileText, node: YamlNode & { value?: unknown }): RichWord {
  const value = String(node.value);
  const [start, end] = node.range ?? [0, 0];
  const source = text.text.slice(start, end);
  const shift = source === value ? 0 : source.indexOf(value);
  const offsets = [...value].map((_, i) => (shift >= 0 ? start + shift + i : start));

  return { value, known: !value.includes('$'), location: text.location(start, end), offsets, text };
}

function serviceEnv(
  context: DeployContext,
  text: FileText,
  doc: Document,
  field: (key: string) => YamlNode | undefined,
  path: string,
): Map<string, EnvVar> {
  const env = new Map<string, EnvVar>();
  const envFiles = field('env_file');

  for (const item of isSeq(envFiles) ? envFiles.items : envFiles ? [envFiles] : []) {
    if (!isScalar(item) || typeof item.value !== 'string') continue;

    const file = serverJoin(dirname(path), item.value);
    const tree = file && context.paths.file(file, at(text, item as YamlNode), { anyFile: true });
    const read = tree ? readEnvFile(context, tree, 'dotenv') : undefined;

    // Compose expands `${VAR}` from the host's shell, which ngxlint does not read.
    const values = dotenvValues(read?.entries ?? [], () => undefined);

    for (const entry of read?.entries ?? []) {
      const origin = originAt(context, entry.name, entry.location, { note: 'env_file' });

      env.set(entry.name, exported(entry.name, values.get(entry.name), origin));
    }
  }

  const environment = field('environment');
  const set = (name: string, value: unknown, node: YamlNode) => {
    const text2 = value === null || value === undefined ? undefined : String(value);

    // Compose interpolates `$VAR` from the host's environment: unknown here.
    const known = text2?.includes('$') ? undefined : text2;

    env.set(name, exported(name, known, originAt(context, name, at(text, node))));
  };

  if (isMap(environment)) {
    for (const [name, pair] of mergedPairs(doc, environment)) {
      const value = resolved(doc, pair.value);

      set(name, isScalar(value) ? value.value : undefined, pair.key as YamlNode);
    }
  } else if (isSeq(environment)) {
    for (const item of environment.items) {
      if (!isScalar(item)) continue;

      const [name, ...rest] = String(item.value).split('=');

      set(name, rest.length > 0 ? rest.join('=') : undefined, item as YamlNode);
    }
  }

  return env;
}

/** Container binds as the host sees them: `HOST_IP:PUBLISHED:TARGET` (host IP default all). */
function publish(
  context: DeployContext,
  text: FileText,
  ports: YamlNode | undefined,
  binds: Bind[],
): Bind[] {
  const published: Array<{ host: string; port: number; target: number; node: YamlNode }> = [];

  for (const item of isSeq(ports) ? ports.items : []) {
    if (isScalar(item)) {
      const parts = String(item.value)
        .replace(/\/tcp$/, '')
        .split(':');
      const target = Number(parts[parts.length - 1]);
      const port = Number(parts[parts.length - 2] ?? target);
      const host =
        parts.length > 2
          ? parts
              .slice(0, -2)
              .join(':')
              .replace(/^\[|\]$/g, '')
          : '0.0.0.0';

      published.push({ host, port, target, node: item as YamlNode });
    } else if (isMap(item)) {
      const target = Number(item.get('target'));

      published.push({
        host: String(item.get('host_ip') ?? '0.0.0.0'),
        port: Number(item.get('published') ?? target),
        target,
        node: item as YamlNode,
      });
    }
  }

  return binds.map((bind) => {
    if (bind.kind !== 'tcp' || !bind.port) return bind;

    const match = published.find((p) => p.target === bind.port!.value);

    if (!match)
      return { kind: 'tcp', unknown: `container port ${bind.port.value} is not published` };

    const origin = originAt(context, 'ports', at(text, match.node));

    return {
      kind: 'tcp',
      host: { value: match.host, origin },
      port: { value: match.port, origin },
      families: match.host.includes(':')
        ? ['ipv6']
        : match.host === '0.0.0.0'
          ? ['ipv4', 'ipv6']
          : ['ipv4'],
    };
  });
}
