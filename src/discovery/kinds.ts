// What a file in a deployment is, by content and place, not by extension alone: a `.conf` may
// be nginx, a systemd drop-in or a supervisor program.
import { basename, dirname, sep } from 'node:path';

export type FileKind =
  | 'nginx'
  | 'systemd'
  | 'supervisor'
  | 'shell'
  | 'env'
  | 'python'
  | 'procfile'
  | 'compose'
  | 'crontab'
  | 'other';

const NGINX_DIRS = new Set(['sites-enabled', 'sites-available', 'conf.d', 'snippets', 'nginx']);
const NGINX_NAMES = /^(nginx\.conf|mime\.types|fastcgi\.conf|(fastcgi|proxy|scgi|uwsgi)_params)$/;
const SYSTEMD_EXT = /\.(service|socket|timer|path|target|mount)$/;
// Source, data and documents of other tools: never nginx, wherever they sit (a `src/nginx/`
// folder of TypeScript reads like directives ending in `;` and `{`).
const NOT_CONFIG_EXT =
  /\.(ts|tsx|js|mjs|cjs|jsx|json|md|markdown|rst|html?|css|scss|go|rs|c|h|cc|cpp|java|kt|rb|php|lua|lock|toml|xml|svg|png|jpe?g|gif|ico|pem|crt|key|csr|map)$/i;
const SHELL_SHEBANG = /^#!\s*(\/usr)?\/bin\/(env\s+)?(ba|da|z|k)?sh\b/;

/** Classifies one file from its path and its first bytes. */
export function classifyFile(path: string, head: string): FileKind {
  const name = basename(path);
  const parent = basename(dirname(path));
  const code = stripHashComments(head);
  const firstSection = /^\s*\[([^\]\n]+)\]\s*$/m.exec(code)?.[1];

  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'env';
  if (name.endsWith('.py')) return 'python';
  if (name === 'Procfile' || name.startsWith('Procfile.')) return 'procfile';
  if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(name)) return 'compose';
  if (name === 'crontab' || name.endsWith('.cron') || parent === 'cron.d') return 'crontab';
  if (SHELL_SHEBANG.test(head) || /\.(sh|bash)$/.test(name)) return 'shell';
  if (SYSTEMD_EXT.test(name) || parent.endsWith('.service.d') || parent.endsWith('.socket.d')) {
    return 'systemd';
  }

  if (NOT_CONFIG_EXT.test(name)) return 'other';

  if (firstSection !== undefined) {
    if (/^(program|group|supervisord|eventlistener|fcgi-program|include):?/.test(firstSection)) {
      return 'supervisor';
    }

    if (/^(Unit|Service|Socket|Install|Timer)$/.test(firstSection)) return 'systemd';

    return 'other';
  }

  if (NGINX_NAMES.test(name)) return 'nginx';
  if ((name.endsWith('.conf') || NGINX_DIRS.has(parent)) && countLines(code)) return 'nginx';

  return 'other';
}

/** Directives ending in `;` or opening `{`, and no `key=value` lines of an ini or env file. */
export function looksLikeNginx(text: string): boolean {
  return countLines(stripHashComments(text));
}

const STATEMENT = /^[A-Za-z_][\w.-]*(\s.*)?[;{}]$|^}$/;
const ASSIGNMENT = /^[A-Za-z_][\w.]*\s*=/;

/** looksLikeNginx on text already without comment lines, one line at a time. */
function countLines(code: string): boolean {
  let statements = 0;
  let assignments = 0;

  for (let start = 0; start <= code.length;) {
    let end = code.indexOf('\n', start);

    if (end < 0) end = code.length;

    const line = code.slice(start, end).trim();

    start = end + 1;

    if (line === '') continue;

    // Both patterns need a name first (or a lone `}`); the regular expressions run only on
    // lines that can match them.
    const last = line.charCodeAt(line.length - 1);

    if ((last === 0x3b || last === 0x7b || last === 0x7d) && STATEMENT.test(line)) statements++;
    if (line.includes('=') && ASSIGNMENT.test(line)) assignments++;
  }

  return statements > 0 && statements >= assignments;
}

function stripHashComments(text: string): string {
  return text.replace(/^\s*[#;].*$/gm, '');
}

/** True for a path inside a folder with this name, e.g. `sites-available`. */
export function isUnder(path: string, folder: string): boolean {
  return path.split(sep).includes(folder);
}
