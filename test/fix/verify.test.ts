import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/engine/types.js';
import { runFixes } from '../../src/fix/index.js';
import { memoryFileSystem } from '../../src/include/memory-fs.js';
import type { FileSystem } from '../../src/include/fs.js';
import { parseBytes } from '../../src/syntax/parser.js';

const FILE = '/v/nginx.conf';

/** A lint that reports every syntax error with a certain fix inserting `insert` after `after`. */
function lintWithFix(after: string, insert: string) {
  return async (fs: FileSystem): Promise<Finding[]> => {
    const text = fs.readFile(FILE).toString('utf8');
    const at = text.lastIndexOf(after) + after.length;
    const lines = text.slice(0, at).split('\n');
    const position = { line: lines.length, column: lines.at(-1)!.length + 1 };

    return parseBytes(Buffer.from(text), FILE).errors.map((e) => ({
      ruleId: 'NGX001',
      ruleName: 'syntax-error',
      severity: 'error',
      message: e.message,
      file: FILE,
      line: e.line,
      column: e.column,
      endLine: e.line,
      endColumn: e.column,
      related: [],
      fingerprint: e.message,
      fixes: [
        {
          description: `insert ${insert}`,
          edits: [
            {
              file: FILE,
              range: { ...position, endLine: position.line, endColumn: position.column },
              text: insert,
            },
          ],
          certain: true,
        },
      ],
    }));
  };
}

test('a certain fix whose result still has its error is not applied and becomes a suggestion', async () => {
  const text = 'events {}\nhttp { server { listen 80; add_header X abc\\';
  const fs = memoryFileSystem({ [FILE]: text });
  const run = await runFixes(lintWithFix('abc\\', ';'), fs);

  assert.deepEqual(run.changes, []);
  assert.equal(run.findings.length, 1);
  assert.equal(run.findings[0].message, 'unexpected end of file, expecting ";" or "}"');
  assert.equal(run.findings[0].line, 2);
  assert.equal(run.findings[0].column, 45);
  assert.equal(run.findings[0].fixes?.[0].certain, false);
  assert.equal(run.initial[0].fixes?.[0].certain, false);
});

test('a certain fix that removes its error is applied, and the first pass is kept as initial', async () => {
  const text = 'events {}\nhttp { server { listen 80 }\n}\n';
  const fs = memoryFileSystem({ [FILE]: text });
  const run = await runFixes(lintWithFix('listen 80', ';'), fs);

  assert.equal(run.changes.length, 1);
  assert.equal(run.changes[0].after, 'events {}\nhttp { server { listen 80; }\n}\n');
  assert.deepEqual(run.findings, []);
  assert.equal(run.initial.length, 1);
  assert.equal(run.initial[0].message, 'unexpected "}"');
  assert.deepEqual([run.initial[0].line, run.initial[0].column], [2, 27]);
});

test('a certain fix that adds a syntax error is not applied', async () => {
  const text = 'events {}\nhttp { server { listen 80 }\n}\n';
  const fs = memoryFileSystem({ [FILE]: text });
  const run = await runFixes(lintWithFix('listen 80', '; }'), fs);

  assert.deepEqual(run.changes, []);
  assert.equal(run.findings[0].fixes?.[0].certain, false);
});
