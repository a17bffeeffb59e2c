// How crossplane writes an argument back: bare when nginx would read it back unchanged, else
// in quotes chosen and escaped as Python's repr() does (backslashes left as they were).

// Python's str.isspace().
const PY_SPACE =
  /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

function isSpace(unit: string): boolean {
  return unit.length === 1 && PY_SPACE.test(unit);
}

/**
 * Whitespace, or an escape nginx decodes to whitespace. Unlike crossplane, both are quoted: a
 * newline is written `'a\nb'`, and that text must be quoted again at the next format.
 */
function readsAsSpace(unit: string): boolean {
  return isSpace(unit) || unit === '\\t' || unit === '\\n' || unit === '\\r';
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
  if (readsAsSpace(first) || ['{', '}', ';', '"', "'", '${', '#'].includes(first)) return true;

  let expanding = false;
  let last = first;

  for (const unit of list.slice(1)) {
    last = unit;

    if (readsAsSpace(unit) || ['{', ';', '"', "'"].includes(unit)) return true;
    if (unit === (expanding ? '${' : '}')) return true;
    if (unit === (expanding ? '}' : '${')) expanding = !expanding;
  }

  return last === '\\' || last === '$' || expanding;
}

/**
 * The argument in quotes, escapes kept as written: like Python's repr() (crossplane's builder)
 * it picks the quote, writes the quote character, tab, CR and LF as `\'`, `\t`, `\r`, `\n`,
 * and leaves other characters as they are (nginx decodes no `\x1c` or `\u200b`). Unlike it, an
 * escape already in the text stays one pair: `\'` is not written `\\'`, which would end the
 * string, and a backslash before a newline keeps the newline.
 */
function quoted(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const chars = [...text];
  let out = quote;

  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];

    if (ch === '\\' && i + 1 < chars.length) {
      out += ch + chars[++i];
      continue;
    }

    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else out += ch;
  }

  return out + quote;
}

/** An argument as crossplane's builder writes it. */
export function enquote(text: string): string {
  return needsQuotes(text) ? quoted(text) : text;
}
