import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, waitForFreePort } from '../../src/live/wait.js';
import type { ListeningSocket } from '../../src/live/types.js';

const socket = (port: number): ListeningSocket => ({
  protocol: 'tcp',
  family: 4,
  address: '127.0.0.1',
  port,
  inode: 1,
  holders: [],
});

test('parseDuration reads ms, s, m and bare seconds', () => {
  assert.equal(parseDuration('10s'), 10_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('1.5'), 1500);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('10 seconds'), null);
  assert.equal(parseDuration('-1s'), null);
});

test('waitForFreePort returns as soon as the port is free', async () => {
  let clock = 0;
  let polls = 0;
  const result = await waitForFreePort({
    port: 9000,
    timeoutMs: 5000,
    intervalMs: 100,
    readSockets: () => (++polls < 4 ? [socket(9000), socket(9001)] : [socket(9001)]),
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  });

  assert.deepEqual(result, { free: true, waitedMs: 300, held: [] });
});

test('waitForFreePort gives up at the timeout with what still holds the port', async () => {
  let clock = 0;
  const result = await waitForFreePort({
    port: 9000,
    timeoutMs: 250,
    intervalMs: 100,
    readSockets: () => [socket(9000)],
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  });

  assert.equal(result.free, false);
  assert.equal(result.waitedMs, 250);
  assert.deepEqual(
    result.held.map((s) => s.port),
    [9000],
  );
});
