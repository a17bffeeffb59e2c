import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalAddress,
  decodeEndpoint,
  parseSocketTable,
  readSocketTables,
} from '../../src/live/net.js';
import type { ProcReader } from '../../src/live/proc-reader.js';
import { fsError } from '../../src/include/fs.js';

const TCP_HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';

test('decodes IPv4 endpoints as a little-endian kernel prints them', () => {
  assert.deepEqual(decodeEndpoint('0100007F:1F40', true), { address: '127.0.0.1', port: 8000 });
  assert.deepEqual(decodeEndpoint('00000000:0050', true), { address: '0.0.0.0', port: 80 });
  assert.deepEqual(decodeEndpoint('0101A8C0:01BB', true), { address: '192.168.1.1', port: 443 });
});

test('decodes the same bytes in order on a big-endian kernel', () => {
  assert.deepEqual(decodeEndpoint('7F000001:1F41', false), { address: '127.0.0.1', port: 8001 });
});

test('decodes IPv6 endpoints word by word, loopback, any and link-local', () => {
  assert.deepEqual(decodeEndpoint('00000000000000000000000001000000:1F40', true), {
    address: '::1',
    port: 8000,
  });
  assert.deepEqual(decodeEndpoint('00000000000000000000000000000000:0050', true), {
    address: '::',
    port: 80,
  });
  assert.deepEqual(decodeEndpoint('000080FE00000000FF005452563412FE:0016', true), {
    address: 'fe80::5254:ff:fe12:3456',
    port: 22,
  });
  assert.deepEqual(decodeEndpoint('B80D0120000000000000000001000000:0035', true), {
    address: '2001:db8::1',
    port: 53,
  });
});

test('recognises IPv4-mapped IPv6 addresses and keeps the IPv4 part', () => {
  assert.deepEqual(decodeEndpoint('0000000000000000FFFF00000100007F:1F40', true), {
    address: '::ffff:127.0.0.1',
    port: 8000,
    mappedV4: '127.0.0.1',
  });
});

test('rejects endpoints that are not hex address:port', () => {
  assert.equal(decodeEndpoint('127.0.0.1:80', true), null);
  assert.equal(decodeEndpoint('0100007F', true), null);
  assert.equal(decodeEndpoint('0100007F:50', true), null);
});

test('keeps TCP listeners only, with port, inode and owner uid', () => {
  const text = [
    TCP_HEADER,
    '   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0',
    '   1: 0100007F:1F40 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0',
    '   2: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77 1 0',
    'garbage',
  ].join('\n');

  assert.deepEqual(parseSocketTable(text, 'tcp', 4, true), [
    {
      protocol: 'tcp',
      family: 4,
      address: '127.0.0.1',
      port: 8000,
      inode: 4242,
      uid: 1000,
      holders: [],
    },
    { protocol: 'tcp', family: 4, address: '0.0.0.0', port: 80, inode: 77, uid: 0, holders: [] },
  ]);
});

test('keeps unconnected UDP sockets and drops connected ones', () => {
  const text = [
    TCP_HEADER,
    '  10: 00000000000000000000000000000000:01BB 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 900 2 0 0',
    '  11: 00000000000000000000000001000000:A000 00000000000000000000000001000000:0035 01 00000000:00000000 00:00000000 00000000     0        0 901 2 0 0',
    '  12: 00000000000000000000000001000000:A001 00000000000000000000000001000000:0035 07 00000000:00000000 00:00000000 00000000     0        0 902 2 0 0',
  ].join('\n');
  const sockets = parseSocketTable(text, 'udp', 6, true);

  assert.deepEqual(
    sockets.map((s) => [s.address, s.port, s.inode]),
    [['::', 443, 900]],
  );
});

test('a missing table (no IPv6 in the kernel) is listed, not fatal', () => {
  const reader: ProcReader = {
    readFile: (path) => {
      if (path.endsWith('6')) throw fsError('ENOENT', 'open', path);

      return `${TCP_HEADER}\n`;
    },
    readdir: () => [],
    readlink: () => '',
  };
  const tables = readSocketTables(reader, '/fake');

  assert.deepEqual(tables.unreadable, ['tcp6', 'udp6']);
  assert.deepEqual(tables.sockets, []);
});

test('canonicalises address text as RFC 5952 does', () => {
  assert.equal(canonicalAddress('[::0:1]'), '::1');
  assert.equal(canonicalAddress('0:0:0:0:0:0:0:0'), '::');
  assert.equal(canonicalAddress('2001:DB8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  assert.equal(canonicalAddress('::ffff:127.0.0.1'), '::ffff:127.0.0.1');
  assert.equal(canonicalAddress('::ffff:7f00:1'), '::ffff:127.0.0.1');
  assert.equal(canonicalAddress('fe80::1%eth0'), 'fe80::1');
  assert.equal(canonicalAddress('127.0.0.1'), '127.0.0.1');
  assert.equal(canonicalAddress('256.0.0.1'), null);
  assert.equal(canonicalAddress('1::2::3'), null);
  assert.equal(canonicalAddress('localhost'), null);
  assert.equal(canonicalAddress('1:2:3:4:5:6:7'), null);
});
