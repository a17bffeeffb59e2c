// Which context a fragment is read in: a `# ngxlint: context=http` comment at its top, else
// what its top-level directives imply (a `server` lives inside `http`).

export const CONTEXTS: Record<string, string[]> = {
  main: [],
  events: ['events'],
  http: ['http'],
  server: ['http', 'server'],
  location: ['http', 'server', 'location'],
  upstream: ['http', 'upstream'],
  stream: ['stream'],
  'stream-server': ['stream', 'server'],
  mail: ['mail'],
};

const MAIN_ONLY = new Set([
  'http',
  'events',
  'stream',
  'mail',
  'user',
  'worker_processes',
  'pid',
  'load_module',
  'worker_rlimit_nofile',
  'daemon',
  'master_process',
  'env',
  'error_log_main',
  'thread_pool',
]);
const SERVER_LEVEL = new Set([
  'location',
  'listen',
  'server_name',
  'ssl_certificate',
  'return',
  'rewrite',
]);

/** The context named by `# ngxlint: context=NAME` in the file's leading comments. */
export function declaredContext(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();

    if (trimmed === '') continue;
    if (!trimmed.startsWith('#')) return undefined;

    const match = /^#\s*ngxlint:\s*context\s*=\s*([\w-]+)/.exec(trimmed);

    if (match) return match[1];
  }

  return undefined;
}

/** Names of the directives at brace depth 0, skipping comments and quoted strings. */
export function topLevelDirectives(text: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let atStatementStart = true;

  for (let i = 0; i < text.length; i++) {
    const ch = text[i];

    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '"' || ch === "'") {
      for (i++; i < text.length && text[i] !== ch; i++) if (text[i] === '\\') i++;
      atStatementStart = false;
    } else if (ch === '{') {
      depth++;
      atStatementStart = true;
    } else if (ch === '}') {
      depth = Math.max(0, depth - 1);
      atStatementStart = true;
    } else if (ch === ';') {
      atStatementStart = true;
    } else if (!/\s/.test(ch) && atStatementStart) {
      const word = /^[^\s;{}'"#]+/.exec(text.slice(i))![0];

      if (depth === 0) names.push(word);
      i += word.length - 1;
      atStatementStart = false;
    }
  }

  return names;
}

/** The context a fragment's own top-level directives imply. */
export function impliedContext(text: string): { name: string; blocks: string[] } {
  const names = topLevelDirectives(text);

  if (names.some((n) => MAIN_ONLY.has(n))) return { name: 'main', blocks: [] };
  if (names.some((n) => SERVER_LEVEL.has(n))) return { name: 'server', blocks: CONTEXTS.server };
  if (names.length > 0 && names.every((n) => n === 'proxy_pass' || n.startsWith('proxy_'))) {
    return names.includes('proxy_pass')
      ? { name: 'location', blocks: CONTEXTS.location }
      : { name: 'http', blocks: CONTEXTS.http };
  }

  return { name: 'http', blocks: CONTEXTS.http };
}
