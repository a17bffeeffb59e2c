import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSsOutput, SsParseError } from '../../src/live/ss.js';
import { holdersOfPort } from '../../src/live/holders.js';
import type { LiveSnapshot } from '../../src/live/types.js';
import { FIXTURES } from '../helpers.js';

function load(name: string): LiveSnapshot {
  return parseSsOutput(readFileSync(join(FIXTURES, 'live', name), 'utf8'), name);
}

function rows(snapshot: LiveSnapshot): string[] {
  return snapshot.sockets.map(
    (s) => `${s.protocol} ${s.family ?? 'any'} ${s.address} ${s.port} [${s.holders.join(',')}]`,
  );
}

test('ss 6.1 -tlnp: 0.0.0.0, [::], *, zone suffix and an IPv4-mapped address', () => {
  const snapshot = load('ss-6.1-tlnp.txt');

  assert.deepEqual(rows(snapshot), [
    'tcp 4 0.0.0.0 80 [1201,1200]',
    'tcp 6 :: 80 [1201,1200]',
    'tcp 4 127.0.0.1 8000 [987]',
    'tcp any * 8001 [1333]',
    'tcp 4 127.0.0.53 53 [512]',
    'tcp 6 ::ffff:127.0.0.1 9000 [2002]',
  ]);
  assert.equal(snapshot.sockets[5].mappedV4, '127.0.0.1');
  // Each socket keeps where the file lists it, for findings about it.
  assert.deepEqual(snapshot.sockets[2].place, { line: 4, column: 1, endLine: 4, endColumn: 92 });
  assert.equal(snapshot.processes.get(512)?.name, 'systemd-resolve');
  assert.deepEqual(
    holdersOfPort(snapshot, 80).map((p) => p.pid),
    [1200, 1201],
  );
  assert.deepEqual([...snapshot.missing.keys()].sort(), [
    'allProcesses',
    'commandLines',
    'parents',
    'units',
  ]);
});

test('ss 6.1 -tulnp: the Netid column, UDP (QUIC on 443) beside TCP', () => {
  const snapshot = load('ss-6.1-tulnp.txt');

  assert.deepEqual(rows(snapshot), [
    'udp 4 0.0.0.0 443 [4100,4099]',
    'udp 4 127.0.0.53 53 [512]',
    'tcp 4 0.0.0.0 443 [4100,4099]',
    'tcp 4 0.0.0.0 80 [3001]',
    'tcp 4 127.0.0.1 8000 [3500,3499]',
  ]);
  assert.equal(snapshot.processes.get(3001)?.name, 'apache2');
});

test('ss 4.9: *:80 and :::80 without brackets', () => {
  const snapshot = load('ss-4.9-tlnp.txt');

  assert.deepEqual(rows(snapshot), [
    'tcp any * 80 [812,811]',
    'tcp 4 127.0.0.1 8000 [700]',
    'tcp 6 :: 80 [812,811]',
    'tcp 6 ::1 8001 [901]',
  ]);
});

test('ss 3.12: the old users:(("name",pid,fd)) form', () => {
  const snapshot = load('ss-3.12-tlnp.txt');

  assert.deepEqual(rows(snapshot), ['tcp any * 80 [1021,1020]', 'tcp 4 127.0.0.1 8000 [1100]']);
  assert.equal(snapshot.processes.get(1100)?.name, 'gunicorn');
});

test('ss without -p: no holders at all, and it says so', () => {
  const snapshot = load('ss-6.1-tln.txt');

  assert.deepEqual(rows(snapshot), [
    'tcp 4 0.0.0.0 80 []',
    'tcp 4 127.0.0.1 8000 []',
    'tcp 4 127.0.0.1 8001 []',
  ]);
  assert.match(snapshot.missing.get('holders') ?? '', /no users:\(…\) column/);
});

test('ss run unprivileged: some lines lack users, and a note counts them', () => {
  const snapshot = load('ss-6.1-tlnp-unprivileged.txt');

  assert.equal(snapshot.missing.has('holders'), false);
  assert.deepEqual(snapshot.notes, [
    '3 socket line(s) in the ss output have no users:(…): their holders are unknown',
  ]);
});

test('ss -e: inode, uid and the unit from the cgroup column', () => {
  const snapshot = load('ss-6.1-tlnpe.txt');

  assert.equal(snapshot.sockets[1].inode, 24567);
  assert.equal(snapshot.sockets[1].uid, 33);
  assert.equal(snapshot.processes.get(987)?.unit, 'app.service');
  assert.equal(snapshot.processes.get(1200)?.unit, 'nginx.service');
  assert.equal(snapshot.missing.has('units'), false);
});

test('text that is not ss output is an error with its line and column', () => {
  assert.throws(
    () => load('netstat-not-ss.txt'),
    (error: unknown) =>
      error instanceof SsParseError &&
      error.line === 1 &&
      error.column === 1 &&
      /not a line of ss output/.test(error.message),
  );
  assert.throws(
    () => parseSsOutput('State Recv-Q\n\nLISTEN 0 128 nonsense *:*\n'),
    (error: unknown) => error instanceof SsParseError && error.line === 3 && error.column === 14,
  );
  assert.throws(() => parseSsOutput(''), /no socket lines found/);

  // ss writes ports in plain decimal; the column is the address's, not a `0` before it.
  for (const address of ['0.0.0.0:0x50', '*:8e1', '0.0.0.0:+80', '0.0.0.0:080', '0.0.0.0:', '0']) {
    assert.throws(
      () => parseSsOutput(`State Recv-Q\nLISTEN 0 511 ${address} 0.0.0.0:*\n`),
      (error: unknown) =>
        error instanceof SsParseError &&
        error.line === 2 &&
        error.column === 14 &&
        error.message === `cannot read local address "${address}"`,
      address,
    );
  }
});

test('a pid that is not a whole number from 1 to 4194304 is an error at the pid', () => {
  const line = (pid: string) =>
    `State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n` +
    `LISTEN 0 4096 0.0.0.0:80 0.0.0.0:* users:(("nginx",pid=12,fd=6))\n` +
    `  LISTEN 0 2048 127.0.0.1:8000 0.0.0.0:* users:(("uvicorn",pid=${pid},fd=3))\n`;

  // 0 is no process (`kill 0` signals the whole process group); past 2^53 a number rounds.
  for (const pid of ['0', '99999999999999999999', '4194305', '-1', '1.5', 'abc', '']) {
    assert.throws(
      () => parseSsOutput(line(pid)),
      (error: unknown) =>
        error instanceof SsParseError &&
        error.line === 3 &&
        error.column === 64 &&
        error.message ===
          `pid "${pid}" is not a process id, expected a whole number from 1 to 4194304`,
      pid,
    );
  }

  // The old form without `pid=` is checked the same way.
  assert.throws(
    () => parseSsOutput('LISTEN 0 128 *:80 *:* users:(("nginx",0,6))\n'),
    (error: unknown) => error instanceof SsParseError && error.line === 1 && error.column === 39,
  );

  for (const pid of ['1', '4194304']) {
    assert.deepEqual(parseSsOutput(line(pid)).sockets[1].holders, [Number(pid)]);
  }
});
