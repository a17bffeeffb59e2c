// A small JSON reader that keeps where every value is, so config errors and port sources can
// point at the exact line and column of a key in ngxlint.config.json.
import type { Range } from '../syntax/tree.js';

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export interface JsonDocument {
  value: unknown;
  /** Range of each value's key (or of the value, for the root and array items), by pointer
   * `/app/port`. */
  positions: Map<string, Range>;
  /** Each number as written (`1e400`, which parses to Infinity), by pointer. */
  numbers: Map<string, string>;
}

export function parseJsonWithPositions(text: string): JsonDocument {
  const positions = new Map<string, Range>();
  const numbers = new Map<string, string>();
  const lineStarts = [0];
  let i = 0;

  for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStarts.push(k + 1);

  const at = (offset: number) => {
    let line = 0;

    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;

    return { line: line + 1, column: offset - lineStarts[line] + 1 };
  };
  const range = (start: number, end: number): Range => {
    const a = at(start);
    const b = at(end);

    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
  const fail = (message: string): never => {
    const p = at(i);

    throw new JsonSyntaxError(message, p.line, p.column);
  };
  const skip = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const expect = (ch: string) => {
    skip();
    if (text[i] !== ch) fail(i < text.length ? `expected "${ch}"` : 'unexpected end of file');
    i++;
  };

  const readString = (): string => {
    const start = i;

    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;

    if (i >= text.length) fail('unterminated string');
    i++;

    return JSON.parse(text.slice(start, i)) as string;
  };

  const readValue = (pointer: string): unknown => {
    skip();

    const ch = text[i];

    if (ch === '{') {
      const object: Record<string, unknown> = {};

      i++;
      skip();
      if (text[i] === '}') return (i++, object);

      for (;;) {
        skip();
        if (text[i] !== '"') fail('expected a quoted key');

        const keyStart = i;
        const key = readString();
        const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

        positions.set(child, range(keyStart, i));
        expect(':');
        // An own property even for "__proto__": plain assignment would set the prototype,
        // so the key would vanish from validation and its contents be inherited.
        Object.defineProperty(object, key, {
          value: readValue(child),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        skip();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return (i++, object);
        else fail('expected "," or "}"');
      }
    }

    if (ch === '[') {
      const array: unknown[] = [];

      i++;
      skip();
      if (text[i] === ']') return (i++, array);

      for (;;) {
        skip();

        const child = `${pointer}/${array.length}`;
        const start = i;

        array.push(readValue(child));
        positions.set(child, range(start, i));
        skip();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return (i++, array);
        else fail('expected "," or "]"');
      }
    }

    if (ch === '"') return readString();

    const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));

    if (!literal) fail(i < text.length ? `unexpected "${ch}"` : 'unexpected end of file');
    i += literal![0].length;
    if (/^-?\d/.test(literal![0])) numbers.set(pointer, literal![0]);

    return JSON.parse(literal![0]);
  };

  positions.set('', range(0, 0));

  const value = readValue('');

  skip();
  if (i < text.length) fail(`unexpected "${text[i]}" after the end of the document`);

  return { value, positions, numbers };
}
