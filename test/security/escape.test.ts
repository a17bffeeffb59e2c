// Escaping of what messages and text output show of a config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeControl, excerpt, hasControl } from '../../src/security/index.js';

test('terminal control characters, C1 controls and bidi overrides are escaped', () => {
  assert.equal(escapeControl('a\u001b[2Jb'), 'a\\x1b[2Jb');
  assert.equal(escapeControl('bell\u0007 del\u007f csi\u009b'), 'bell\\x07 del\\x7f csi\\x9b');
  assert.equal(escapeControl('x\ry\nz'), 'x\\ry\\nz');
  assert.equal(escapeControl('abc\u202edef\u2066'), 'abc\\u202edef\\u2066');
  assert.equal(escapeControl('nul\u0000'), 'nul\\x00');
});

test('ordinary text, tabs and non-ASCII letters are left alone', () => {
  const text = 'server_name\texample.com café 例え \ufffd';

  assert.equal(escapeControl(text), text);
  assert.equal(hasControl(text), false);
  assert.equal(hasControl('a\u001bb'), true);
  assert.equal(hasControl('a\u001bb'), true, 'the global regex keeps no state between calls');
});

test('an excerpt keeps at most the limit in code points, then escapes', () => {
  assert.equal(excerpt('short'), 'short');
  assert.equal(excerpt('x'.repeat(41)), `${'x'.repeat(40)}…`);
  assert.equal(excerpt('x'.repeat(40)), 'x'.repeat(40));
  assert.equal(excerpt('😀'.repeat(5), 3), '😀😀😀…');
  assert.equal(excerpt('\u001b'.repeat(10), 2), '\\x1b\\x1b…');
});
