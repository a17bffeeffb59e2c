// Text piped to `ngxlint -` is linted under its --stdin-filename, but a file of that name on
// disk is not what was linted: whatever shows or rereads the entry (the caret excerpt,
// suppression comments, fixes) must get stdin's text, never the disk file's.
import { resolve } from 'node:path';
import type { FileSystem } from '../include/fs.js';

/** `inner`, except that reading `path` gives `text`. */
export function withStdinText(inner: FileSystem, path: string, text: string | Buffer): FileSystem {
  const target = resolve(path);
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;

  return {
    ...inner,
    readFile: (p) => (resolve(p) === target ? bytes : inner.readFile(p)),
  };
}
