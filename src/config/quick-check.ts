// A small reader of the JSON Schema keywords ngxlint's config schema uses, run before ajv:
// compiling the whole schema with ajv costs about 0.3 s a run, most configs are valid, and ajv
// is still asked whenever this says anything but "valid", so its precise errors stay the ones
// users see. Any keyword or value this does not know makes the answer "not sure".

type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'type',
  'enum',
  'properties',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'anyOf',
  'minimum',
  'maximum',
  'pattern',
]);

class Unsure extends Error {}

/** True only when `value` certainly satisfies `schema`; false when invalid or not sure. */
export function certainlyValid(schema: unknown, value: unknown): boolean {
  try {
    return matches(schema, value);
  } catch (error) {
    if (error instanceof Unsure) return false;

    throw error;
  }
}

function matches(schema: unknown, value: unknown): boolean {
  if (schema === true) return true;
  if (schema === false) return false;
  if (!isObject(schema)) throw new Unsure();

  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Unsure();

  if (schema.type !== undefined && !hasType(schema.type, value)) return false;
  if (schema.enum !== undefined && !inEnum(schema.enum, value)) return false;
  if (schema.anyOf !== undefined && !anyOf(schema.anyOf, value)) return false;

  if (typeof value === 'number' && !numberFits(schema, value)) return false;

  if (typeof value === 'string' && typeof schema.pattern === 'string') {
    if (!new RegExp(schema.pattern, 'u').test(value)) return false;
  } else if (schema.pattern !== undefined && typeof schema.pattern !== 'string') {
    throw new Unsure();
  }

  if (Array.isArray(value)) return arrayFits(schema, value);
  if (isObject(value)) return objectFits(schema, value);

  return true;
}

function hasType(type: unknown, value: unknown): boolean {
  if (Array.isArray(type)) return type.some((t) => hasType(t, value));

  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    default:
      throw new Unsure();
  }
}

function inEnum(options: unknown, value: unknown): boolean {
  if (!Array.isArray(options)) throw new Unsure();
  if (value !== null && typeof value === 'object') throw new Unsure();

  return options.includes(value);
}

function anyOf(branches: unknown, value: unknown): boolean {
  if (!Array.isArray(branches)) throw new Unsure();

  return branches.some((branch) => matches(branch, value));
}

function numberFits(schema: Schema, value: number): boolean {
  if (!Number.isFinite(value)) throw new Unsure();

  for (const key of ['minimum', 'maximum'] as const) {
    if (schema[key] !== undefined && typeof schema[key] !== 'number') throw new Unsure();
  }

  if (typeof schema.minimum === 'number' && value < schema.minimum) return false;

  return !(typeof schema.maximum === 'number' && value > schema.maximum);
}

function arrayFits(schema: Schema, value: unknown[]): boolean {
  const { items, minItems, maxItems, uniqueItems } = schema;

  if (minItems !== undefined && !(typeof minItems === 'number' && value.length >= minItems))
    return false;
  if (maxItems !== undefined && !(typeof maxItems === 'number' && value.length <= maxItems))
    return false;

  if (uniqueItems === true) {
    if (value.some((v) => v !== null && typeof v === 'object')) throw new Unsure();
    if (new Set(value).size !== value.length) return false;
  }

  // Draft-07 tuples: one schema per position, later items free (no additionalItems here).
  if (Array.isArray(items))
    return items.every((item, i) => i >= value.length || matches(item, value[i]));
  if (items !== undefined) return value.every((v) => matches(items, v));

  return true;
}

function objectFits(schema: Schema, value: Schema): boolean {
  const properties = schema.properties ?? {};
  const extra = schema.additionalProperties;

  if (!isObject(properties)) throw new Unsure();

  for (const [key, v] of Object.entries(value)) {
    if (Object.hasOwn(properties, key)) {
      if (!matches(properties[key], v)) return false;
    } else if (extra !== undefined && !matches(extra, v)) {
      return false;
    }
  }

  return true;
}

function isObject(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
