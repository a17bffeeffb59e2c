import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, editDistance, suggestDirectives } from '../../src/nginx/suggest.js';
import { loadTable } from '../../src/nginx/table.js';

test('edit distance counts a swap of two neighbours as one edit and stops past its limit', () => {
  assert.equal(editDistance('proxy_passs', 'proxy_pass', 2), 1);
  assert.equal(editDistance('lsiten', 'listen', 2), 1);
  assert.equal(editDistance('prxy_pas', 'proxy_pass', 2), 2);
  assert.equal(editDistance('frobnicate', 'proxy_pass', 2), 3);
  assert.equal(editDistance('', 'root', 5), 4);
});

test('the closest names of the target; a difference in case alone comes first', () => {
  const table = loadTable({ version: '1.22.1' });

  assert.deepEqual(suggestDirectives('proxy_passs', table), ['proxy_pass']);
  assert.deepEqual(suggestDirectives('Proxy_Pass', table), ['proxy_pass']);
  assert.deepEqual(suggestDirectives('proxy_buffer', table), ['proxy_buffers']);
  // Short names allow one edit only: "sll" is two from "ssl" and "all" is no directive.
  assert.deepEqual(suggestDirectives('roo', table), ['root']);
  assert.deepEqual(suggestDirectives('xyz', table), []);
});

test('a name the target lacks is never suggested: ssl is gone in 1.25.1', () => {
  assert.equal(didYouMean('ssll', { version: '1.22.1' }), '; did you mean "ssl"?');
  assert.equal(didYouMean('ssll', { version: '1.26.3' }), '');
});
