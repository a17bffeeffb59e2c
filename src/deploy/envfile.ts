// Env files as each consumer reads them: systemd's EnvironmentFile= and python-dotenv (uvicorn
// --env-file, load_dotenv()). The shell's `source` is read by the bash parser in shell.ts.
// Values stay in memory only: nothing here touches ngxlint's own environment.
import type { DeployProblem, EnvEntry } from './types.js';
import type { FileText } from './text.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * systemd's reader: `KEY=VALUE` per line, `#`/`;` comments, single and double quotes,
 * backslash escapes and continuation; `#` inside a value is literal; no expansion.
 * Lines with a bad name are ignored, as systemd ignores them.
 */
export function parseSystemdEnv(file: FileText): { entries: EnvEntry[] } {
  const { text } = file;
  const entries: EnvEntry[] = [];
  let i = 0;

  while (i < text.length) {
    while (i < text.length && /[ \t\r\n]/.test(text[i])) i++;

    if (i >= text.length) break;

    if (text[i] === '#' || text[i] === ';') {
      i = nextLine(text, i);
      continue;
    }

    const keyStart = i;

    while (i < text.length && text[i] !== '=' && text[i] !== '\n') i++;

    if (text[i] !== '=') {
      i = nextLine(text, i);
      continue;
    }

    const name = text.slice(keyStart, i).trim();
    let value = '';
    let pendingBlanks = '';

    i++;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;

    while (i < text.length && text[i] !== '\n') {
      const c = text[i];

      if (c === '"' || c === "'") {
        const close = findClose(text, i + 1, c);

        value += pendingBlanks + unquote(text.slice(i + 1, close), c);
        pendingBlanks = '';
        i = Math.min(close + 1, text.length);
        continue;
      }

      if (c === '\\' && i + 1 < text.length) {
        if (text[i + 1] !== '\n') value += pendingBlanks + text[i + 1];
        pendingBlanks = '';
        i += 2;
        continue;
      }

      if (c === ' ' || c === '\t' || c === '\r') pendingBlanks += c;
      else {
        value += pendingBlanks + c;
        pendingBlanks = '';
      }

      i++;
    }

    if (NAME.test(name)) {
      entries.push({ name, value, location: file.location(keyStart, keyStart + name.length) });
    }
  }

  return { entries };
}

/**
 * python-dotenv's reader: optional `export`, `KEY=VALUE`, single quotes literal, double
 * quotes with escapes, unquoted values end at ` #`; `${VAR}` and `${VAR:-default}` are
 * expanded at load time (not in single quotes). A line it cannot parse is skipped, with the
 * same warning python-dotenv prints.
 */
export function parseDotenv(file: FileText): { entries: EnvEntry[]; problems: DeployProblem[] } {
  const { text } = file;
  const entries: EnvEntry[] = [];
  const problems: DeployProblem[] = [];
  let i = 0;

  while (i < text.length) {
    const lineStart = i;
    const eol = lineEndOf(text, i);

    while (i < eol && /[ \t\r]/.test(text[i])) i++;

    if (i >= eol || text[i] === '#') {
      i = eol + 1;
      continue;
    }

    if (text.startsWith('export', i) && /[ \t]/.test(text[i + 6] ?? '')) {
      i += 6;
      while (i < eol && /[ \t]/.test(text[i])) i++;
    }

    const keyStart = i;

    while (i < eol && !/[=#\s]/.test(text[i])) i++;

    const name = text.slice(keyStart, i);

    while (i < eol && /[ \t]/.test(text[i])) i++;

    if (name === '' || (i < eol && text[i] !== '=' && text[i] !== '#')) {
      problems.push(dotenvProblem(file, lineStart, eol));
      i = eol + 1;
      continue;
    }

    const location = file.location(keyStart, keyStart + name.length);

    if (text[i] !== '=') {
      entries.push({ name, location });
      i = eol + 1;
      continue;
    }

    i++;
    while (i < eol && /[ \t]/.test(text[i])) i++;

    const quote = text[i];

    if (quote === '"' || quote === "'") {
      const close = findClose(text, i + 1, quote);

      if (close >= text.length) {
        problems.push(dotenvProblem(file, lineStart, eol));
        i = eol + 1;
        continue;
      }

      const value = unquote(text.slice(i + 1, close), quote, { dotenv: true });

      entries.push({ name, value, location, interpolate: quote === '"' });
      i = lineEndOf(text, close) + 1;
      continue;
    }

    let end = i;

    while (end < eol && !(text[end] === '#' && /[ \t]/.test(text[end - 1] ?? ''))) end++;

    entries.push({
      name,
      value: text.slice(i, end).replace(/[ \t\r]+$/, ''),
      location,
      interpolate: true,
    });
    i = eol + 1;
  }

  return { entries, problems };
}

/**
 * The values python-dotenv loads from a file: `${VAR}` looks in the process environment first
 * (override=False), then at the keys above it in the file. undefined when not known.
 */
export function dotenvValues(
  entries: EnvEntry[],
  environment: (name: string) => string | undefined,
): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();

  for (const entry of entries) {
    if (entry.value === undefined) continue;

    if (!entry.interpolate) {
      values.set(entry.name, entry.value);
      continue;
    }

    const expanded = expandDotenv(entry.value, (name) => environment(name) ?? values.get(name));

    values.set(entry.name, expanded.known ? expanded.value : undefined);
  }

  return values;
}

/** python-dotenv's `${VAR}` / `${VAR:-default}` expansion; unknown names become ''. */
export function expandDotenv(
  value: string,
  lookup: (name: string) => string | undefined,
): { value: string; known: boolean } {
  let out = '';
  let known = true;
  let i = 0;

  while (i < value.length) {
    const close = value.startsWith('${', i) ? value.indexOf('}', i + 2) : -1;

    if (close < 0) {
      out += value[i];
      i++;
      continue;
    }

    const inner = value.slice(i + 2, close);
    const split = inner.indexOf(':-');
    const name = split < 0 ? inner : inner.slice(0, split);
    const fallback = split < 0 ? '' : inner.slice(split + 2);

    if (!NAME.test(name)) {
      out += value.slice(i, close + 1);
      i = close + 1;
      continue;
    }

    const found = lookup(name);

    if (found === undefined && split < 0) known = known && false;

    out += found ?? fallback;
    i = close + 1;
  }

  return { value: out, known };
}

function findClose(text: string, from: number, quote: string): number {
  let i = from;

  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\' && quote === '"') i++;
    i++;
  }

  return i;
}

function unquote(body: string, quote: string, options: { dotenv?: boolean } = {}): string {
  if (quote === "'") return options.dotenv ? body.replace(/\\(['\\])/g, '$1') : body;

  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

  return body.replace(/\\(.)/gs, (whole, c: string) => {
    if (options.dotenv) return escapes[c] ?? whole;

    return c === '\n' ? '' : c;
  });
}

function nextLine(text: string, from: number): number {
  return lineEndOf(text, from) + 1;
}

function lineEndOf(text: string, from: number): number {
  const newline = text.indexOf('\n', from);

  return newline < 0 ? text.length : newline;
}

function dotenvProblem(file: FileText, start: number, end: number): DeployProblem {
  const { line } = file.location(start, start);

  return {
    kind: 'parse',
    message: `python-dotenv could not parse the statement starting at line ${line}`,
    location: file.location(start, end),
    fileKind: 'env',
  };
}
