// The corpus as MANIFEST.md §5 lays it out for the parser tests: a temporary copy without the
// oracle, the wrapper files written in, and a file system that shows absolute paths outside
// the copy as missing (as on the machine crossplane and nginx ran on).
import { chmodSync, cpSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { CORPUS, tempDir } from '../helpers.js';
import { diskFileSystem, fsError, type FileSystem } from '../../src/include/fs.js';

export const ORACLE = join(CORPUS, 'oracle');
export const CROSSPLANE = join(ORACLE, 'crossplane');

/** Payload errors crossplane gets from its directive table (MANIFEST §5). */
export const ANALYZER =
  /is not allowed here|invalid number of arguments|is not terminated by|unknown directive/;

/** MANIFEST §3: the wrapper text that gives a fragment its context. */
export const WRAPPERS: Record<string, string> = {
  http: 'events {}\nhttp {\n    include INNER;\n}\n',
  'http-server': 'events {}\nhttp {\n    server {\n        include INNER;\n    }\n}\n',
  'http-location':
    'events {}\nhttp {\n    server {\n        location / {\n            include INNER;\n        }\n    }\n}\n',
  'http-upstream':
    'events {}\nhttp {\n    upstream oracle_wrap {\n        include INNER;\n    }\n}\n',
  stream: 'events {}\nstream {\n    include INNER;\n}\n',
  'stream-server': 'events {}\nstream {\n    server {\n        include INNER;\n    }\n}\n',
  events: 'events {\n    include INNER;\n}\n',
};

export interface PayloadJob {
  /** Oracle file, relative to oracle/crossplane. */
  name: string;
  /** The parsed target (a wrapper or the file), corpus-relative. */
  target: string;
  flags: {
    ignore?: string[];
    singleFile?: boolean;
    combine?: boolean;
    includeComments?: boolean;
    strict?: boolean;
  };
  want: {
    status: string;
    errors: Array<{ file?: string; error: string; line: number | null }>;
    config: Array<{ file: string }>;
  };
}

export interface CorpusCopy {
  root: string;
  fs: FileSystem;
  jobs: PayloadJob[];
  cleanup: () => void;
}

function walk(dir: string): string[] {
  const out: string[] = [];

  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);

    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(path);
  }

  return out;
}

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);

  for (const name of readdirSync(dir, { withFileTypes: true })) {
    if (name.isDirectory()) makeWritable(join(dir, name.name));
  }
}

const VARIANT = /^(crossplane-tests\/.*\.conf)\.([a-z=,_+-]+)$/;

/** Copies the corpus, writes every wrapper, lists every default and variant payload. */
export function copyCorpus(): CorpusCopy {
  const temp = tempDir('ngxlint-corpus-');
  const root = join(temp.path, 'corpus');

  cpSync(CORPUS, root, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => src !== ORACLE && src !== join(CORPUS, 'MANIFEST.md'),
  });
  makeWritable(root);

  const jobs: PayloadJob[] = [];

  for (const path of walk(CROSSPLANE)) {
    const name = relative(CROSSPLANE, path);

    if (!name.endsWith('.json') || name.endsWith('.lex.json')) continue;

    const want = JSON.parse(readFileSync(path, 'utf8')) as PayloadJob['want'];
    const target = want.config[0].file;
    let inner = name.slice(0, -'.json'.length);
    const flags: PayloadJob['flags'] = {};
    const variant = VARIANT.exec(inner);

    if (variant) {
      inner = variant[1];

      if (variant[2].startsWith('ignore=')) flags.ignore = variant[2].slice(7).split(',');

      for (const flag of variant[2].split('+')) {
        if (flag === 'single-file') flags.singleFile = true;
        if (flag === 'combine') flags.combine = true;
        if (flag === 'include-comments') flags.includeComments = true;
        if (flag === 'strict') flags.strict = true;
      }
    }

    if (target !== inner) {
      const context = /^\.oracle-wrap\.([a-z-]+)\./.exec(basename(target))?.[1] ?? '';
      const text = WRAPPERS[context].replace('INNER', relative(dirname(target), inner));

      writeFileSync(join(root, target), text);
    }

    jobs.push({ name, target, flags, want });
  }

  return { root, fs: guardedFileSystem(root), jobs, cleanup: temp.cleanup };
}

/** The disk, except that paths outside `root` (/etc/nginx, /config) do not exist, even where
 * this machine has them. */
export function guardedFileSystem(root: string): FileSystem {
  const inside = (path: string) => {
    const rel = relative(root, resolve(path));

    return rel === '' || !(rel.startsWith('..') || rel.startsWith('/'));
  };
  const guard =
    <T>(syscall: string, f: (p: string) => T) =>
    (path: string) => {
      if (!inside(path)) throw fsError('ENOENT', syscall, path);

      return f(path);
    };

  return {
    readFile: guard('open', diskFileSystem.readFile),
    stat: guard('stat', diskFileSystem.stat),
    lstat: guard('lstat', diskFileSystem.lstat),
    readdir: guard('scandir', diskFileSystem.readdir),
    realpath: guard('realpath', diskFileSystem.realpath),
  };
}

export interface VerdictRow {
  path: string;
  syntaxOk: boolean;
  klass: string;
  /** `-` or the wrapper nginx -t ran on, corpus-relative. */
  wrapper: string;
  message: string;
  /** FILE:LINE nginx names, when its message ends with one. */
  at?: { file: string; line: number };
}

/** oracle/nginx-t.details.tsv, one row per top-level file. */
export function readVerdicts(): VerdictRow[] {
  const [, ...lines] = readFileSync(join(ORACLE, 'nginx-t.details.tsv'), 'utf8')
    .trimEnd()
    .split('\n');

  return lines.map((line) => {
    const cells = line.split('\t');
    const message = cells[8];
    const at = / in (\S+):(\d+)$/.exec(message);

    return {
      path: cells[0],
      syntaxOk: cells[2] === 'yes',
      klass: cells[3],
      wrapper: cells[5],
      message,
      ...(at ? { at: { file: at[1], line: Number(at[2]) } } : {}),
    };
  });
}
