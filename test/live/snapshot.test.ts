import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readLiveSnapshot } from '../../src/live/snapshot.js';
import { diskProcReader, type ProcReader } from '../../src/live/proc-reader.js';
import {
  holdersOfPort,
  socketsOnPort,
  stopCommand,
  unnamedSockets,
} from '../../src/live/holders.js';
import { fsError } from '../../src/include/fs.js';
import { hasIpv6, listen, stopAll } from './listeners.js';

after(stopAll);

test('names the child that holds a real IPv4 loopback listener', async () => {
  const listener = await listen({ marker: 'ngxlint-live-v4' });
  const snapshot = readLiveSnapshot();
  const sockets = socketsOnPort(snapshot, listener.port);

  assert.equal(sockets.length, 1);
  assert.equal(sockets[0].address, '127.0.0.1');
  assert.equal(sockets[0].family, 4);
  assert.deepEqual(sockets[0].holders, [listener.pid]);

  const [holder] = holdersOfPort(snapshot, listener.port);

  assert.equal(holder.pid, listener.pid);
  assert.equal(holder.ppid, process.pid);
  assert.deepEqual(holder.argv, listener.argv);
  assert.equal(holder.uid, process.getuid!());
  assert.equal(stopCommand(holder), `kill ${listener.pid}`);
  await listener.stop();
});

test('names the holder of an IPv6 loopback listener and a UDP socket', async (t) => {
  if (!hasIpv6()) {
    if (process.env.CI) assert.fail('CI machine has no IPv6 loopback');
    t.skip('SKIPPED: no IPv6 on this machine');

    return;
  }

  const tcp = await listen({ marker: 'ngxlint-live-v6', host: '::1' });
  const udp = await listen({ marker: 'ngxlint-live-udp', host: '::1', protocol: 'udp' });
  const snapshot = readLiveSnapshot();
  const [tcpSocket] = socketsOnPort(snapshot, tcp.port);
  const [udpSocket] = socketsOnPort(snapshot, udp.port, 'udp');

  assert.deepEqual([tcpSocket.address, tcpSocket.family, tcpSocket.holders], ['::1', 6, [tcp.pid]]);
  assert.deepEqual(
    [udpSocket.address, udpSocket.protocol, udpSocket.holders],
    ['::1', 'udp', [udp.pid]],
  );
  assert.equal(holdersOfPort(snapshot, udp.port, 'udp')[0].argv[2], 'ngxlint-live-udp');
  await tcp.stop();
  await udp.stop();
});

test('a holder whose /proc entry vanishes mid-scan leaves its socket unnamed, not an error', async () => {
  const listener = await listen({ marker: 'ngxlint-live-vanish' });
  const prefix = `/proc/${listener.pid}/`;
  let statReads = 0;
  const reader: ProcReader = {
    ...diskProcReader,
    readFile: (path) => {
      if (path === `${prefix}stat`) statReads++;
      if (path.startsWith(prefix)) throw fsError('ENOENT', 'open', path);

      return diskProcReader.readFile(path);
    },
    readdir: (path) => {
      if (path.startsWith(prefix)) throw fsError('ENOENT', 'scandir', path);

      return diskProcReader.readdir(path);
    },
  };
  const snapshot = readLiveSnapshot({ reader });

  assert.equal(statReads, 1);
  assert.equal(snapshot.processes.has(listener.pid), false);
  assert.deepEqual(
    unnamedSockets(snapshot, listener.port).map((s) => s.port),
    [listener.port],
  );
  await listener.stop();
});

test('an fd table that fails with EACCES is counted, the rest still named', async () => {
  const named = await listen({ marker: 'ngxlint-live-named' });
  const hidden = await listen({ marker: 'ngxlint-live-hidden' });
  const reader: ProcReader = {
    ...diskProcReader,
    readdir: (path) => {
      if (path === `/proc/${hidden.pid}/fd`) throw fsError('EACCES', 'scandir', path);

      return diskProcReader.readdir(path);
    },
  };
  const snapshot = readLiveSnapshot({ reader });

  assert.ok(snapshot.unreadableFds >= 1);
  assert.deepEqual(socketsOnPort(snapshot, named.port)[0].holders, [named.pid]);
  assert.deepEqual(socketsOnPort(snapshot, hidden.port)[0].holders, []);
  assert.equal(snapshot.processes.get(hidden.pid)?.argv[2], 'ngxlint-live-hidden');
  await named.stop();
  await hidden.stop();
});
