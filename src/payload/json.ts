// JSON as Python's json.dumps writes it (crossplane's output): compact `,`/`:` separators or an
// indent, and every non-ASCII character escaped.

/** Serializes like json.dumps(value, separators=(',', ':')) or json.dumps(value, indent=n). */
export function pythonJson(value: unknown, indent?: number): string {
  const text = indent === undefined ? JSON.stringify(value) : JSON.stringify(value, null, indent);

  return text.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
