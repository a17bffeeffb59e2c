// How crossplane writes an argument back: bare when nginx would read it back unchanged, else
// in quotes chosen and escaped as Python's repr() does (backslashes left as they were).

// Python's str.isspace().
const PY_SPACE =
  /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

function isSpace(unit: string): boolean {
  return unit.length === 1 && PY_SPACE.test(unit);
}

/** Splits text into units: a backslash with the next character, `${`, or one character. */
function units(text: string): string[] {
  const out: string[] = [];
  const chars = [...text];

  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];

    if ((ch === '\\' || ch === '$') && i + 1 < chars.length) {
      if (ch === '\\' || chars[i + 1] === '{') {
        out.push(ch + chars[i + 1]);
        i++;
        continue;
      }
    }

    out.push(ch);
  }

  return out;
}

/** Whether an argument must be quoted for nginx to read it back as the same word. */
export function needsQuotes(text: string): boolean {
  if (text === '') return true;

  const list = units(text);
  const first = list[0];

  // Unlike crossplane, a leading `#` is quoted: bare, it would start a comment (`"#"` round trip).
  if (isSpace(first) || ['{', '}', ';', '"', "'", '${', '#'].includes(first)) return true;

  let expanding = false;
  let last = first;

  for (const unit of list.slice(1)) {
    last = unit;

    if (isSpace(unit) || ['{', ';', '"', "'"].includes(unit)) return true;
    if (unit === (expanding ? '${' : '}')) return true;
    if (unit === (expanding ? '}' : '${')) expanding = !expanding;
  }

  return last === '\\' || last === '$' || expanding;
}

/**
 * Python's repr() of a str, backslashes as written. A tab, CR or LF that a backslash escapes
 * stays as it is (unlike repr() and crossplane's builder): written as `\n` after that
 * backslash it would read back as `\\` and `n`.
 */
function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  let backslashes = 0;

  for (const ch of text) {
    const escaped = backslashes % 2 === 1;

    backslashes = ch === '\\' ? backslashes + 1 : 0;

    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (escaped && (ch === '\t' || ch === '\n' || ch === '\r')) out += ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    // Unlike Python's repr(), other controls and unprintable characters stay as they are:
    // nginx does not decode `\x1c` or `\u200b`, so escaping them would change the value.
    else out += ch;
  }

  return (out + quote).replace(/\\\\/g, '\\');
}

/** An argument as crossplane's builder writes it. */
export function enquote(text: string): string {
  return needsQuotes(text) ? pyRepr(text) : text;
}
