import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { readFailureText, readNamedFile } from '../include/fs.js';
import { dirname, join, relative, resolve } from 'node:path';
import { LintInputError } from '../engine/errors.js';
import { isInside } from '../security/root-guard.js';
import { packageRoot } from '../package-root.js';
import { JsonSyntaxError, parseJsonWithPositions } from './json-positions.js';
import { certainlyValid } from './quick-check.js';
import { reservedKey, semanticProblem } from './checks.js';
import type { LoadedConfig, ProjectConfig } from './types.js';

export const CONFIG_FILE_NAME = 'ngxlint.config.json';
export const SCHEMA_PATH = join('schemas', 'ngxlint.config.schema.json');

/** The project config: `--config FILE`, else ngxlint.config.json upward from cwd, else empty. */
export async function loadProjectConfig(options: {
  cwd: string;
  configFile?: string;
}): Promise<LoadedConfig> {
  const file = options.configFile
    ? resolve(options.cwd, options.configFile)
    : findUpward(options.cwd, CONFIG_FILE_NAME);

  if (!file) return { config: {}, locate: () => undefined };

  const shown = relative(options.cwd, file) || file;
  let text: string;

  try {
    // A config found by the search must be a file; one named by --config may be a pipe.
    text = readNamedFile(file, { pipes: options.configFile !== undefined }).toString('utf8');
  } catch (error) {
    throw new LintInputError(`cannot read config file ${shown} (${readFailureText(error)})`);
  }

  let document;

  try {
    document = parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new LintInputError(
        `${shown}:${error.line}:${error.column}: invalid JSON: ${error.message}`,
      );
    }

    throw error;
  }

  const positions = document.positions;
  const locate = (pointer: string) => {
    const range = positions.get(pointer);

    return range && { file, ...range };
  };

  const where = (pointer: string) => {
    const at = positions.get(pointer);

    return at ? `${shown}:${at.line}:${at.column}` : shown;
  };

  await validateConfig(document.value, where, (pointer) => document.numbers.get(pointer));

  const problem = reservedKey(document.value) ?? semanticProblem(document.value as ProjectConfig);

  if (problem) throw new LintInputError(`${where(problem.pointer)}: ${problem.text}`);

  return { file, config: document.value as ProjectConfig, locate };
}

/**
 * The config nearest above `start`, not past the top of the git work tree holding it: a
 * checkout's lint reads nothing outside it. A config there that is a link out of the checkout
 * is refused unread (a pull request could otherwise have CI print parts of any JSON file).
 */
function findUpward(start: string, name: string): string | undefined {
  let dir = resolve(start);

  for (;;) {
    const candidate = join(dir, name);

    if (existsSync(candidate)) {
      const top = checkoutTop(dir);

      if (top && !isInside(realpathSync.native(candidate), realpathSync.native(top))) {
        throw new LintInputError(
          `${relative(start, candidate) || candidate} leads outside the checkout, not read (name a config with --config)`,
        );
      }

      return candidate;
    }

    const parent = dirname(dir);

    if (parent === dir || existsSync(join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

/** The top of the git work tree holding `dir`, if any. */
function checkoutTop(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return at;
    if (dirname(at) === at) return undefined;
  }
}

interface AjvError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: { properties?: Record<string, unknown>; enum?: unknown[] };
}

type Validator = ((value: unknown) => boolean) & { errors?: unknown[] | null };

let compiled: Promise<Validator> | undefined;
let shipped: unknown;

function schema(): unknown {
  shipped ??= JSON.parse(readFileSync(join(packageRoot(), SCHEMA_PATH), 'utf8'));

  return shipped;
}

/** ajv is loaded only when a config is not plainly valid, and the schema compiled once. */
function validator(): Promise<Validator> {
  compiled ??= (async () => {
    const [{ default: Ajv }, { default: addFormats }] = await Promise.all([
      import('ajv'),
      import('ajv-formats'),
    ]);
    const ajv = new Ajv.default({ allErrors: true, verbose: true, strictTuples: false });

    addFormats.default(ajv);

    return ajv.compile(schema() as object) as Validator;
  })();

  return compiled;
}

/** Validates against the shipped schema. */
async function validateConfig(
  value: unknown,
  where: (pointer: string) => string,
  written: (pointer: string) => string | undefined,
): Promise<void> {
  if (certainlyValid(schema(), value)) return;

  const validate = await validator();

  if (validate(value)) return;

  const error = pickError((validate.errors ?? []) as AjvError[], value, written);

  throw new LintInputError(`${where(error.pointer)}: ${error.text}`);
}

/** Turns ajv's errors into one sentence that names the bad key and the accepted values. */
function pickError(
  errors: AjvError[],
  root: unknown,
  written: (pointer: string) => string | undefined,
): { pointer: string; text: string } {
  const valueAt = (pointer: string) =>
    pointer
      .split('/')
      .slice(1)
      .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((v, k) => (isRecord(v) && Object.hasOwn(v, k) ? v[k] : undefined), root);
  // A number as written: 1e400 parses to Infinity, which JSON.stringify shows as null.
  const shownAt = (pointer: string) => written(pointer) ?? JSON.stringify(valueAt(pointer));

  const relevant = errors.filter((e) => {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') return false;

    // A rule setting is a severity string or an array: keep the branch the value took.
    const rulePointer = /^\/rules\/[^/]+/.exec(e.instancePath)?.[0];
    const setting = rulePointer ? valueAt(rulePointer) : undefined;

    if (Array.isArray(setting) && e.schemaPath.includes('/anyOf/0/')) return false;
    if (!Array.isArray(setting) && rulePointer && e.schemaPath.includes('/anyOf/1/')) return false;

    return true;
  });
  const chosen =
    [...relevant].sort((a, b) => b.instancePath.length - a.instancePath.length)[0] ?? errors[0];
  const name = chosen.instancePath.split('/').slice(1).join('.') || '(top level)';

  if (chosen.keyword === 'additionalProperties') {
    const key = String(chosen.params.additionalProperty);
    const pointer = `${chosen.instancePath}/${key}`;

    if (chosen.instancePath === '/rules') {
      return {
        pointer,
        text: `unknown rule "${key}" in "rules" (see ngxlint rules for codes and names)`,
      };
    }

    const accepted = Object.keys(chosen.parentSchema?.properties ?? {}).join(', ');
    const inside = chosen.instancePath ? ` in "${name}"` : '';

    return { pointer, text: `unknown key "${key}"${inside}, accepted keys: ${accepted}` };
  }

  if (chosen.keyword === 'enum') {
    const accepted = (chosen.params.allowedValues as unknown[]).map((v) => JSON.stringify(v));

    return {
      pointer: chosen.instancePath,
      text: `"${name}" is ${shownAt(chosen.instancePath)}, expected one of ${accepted.join(', ')}`,
    };
  }

  return {
    pointer: chosen.instancePath,
    text: `"${name}" ${chosen.message ?? 'is invalid'} (got ${shownAt(chosen.instancePath)})`,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
