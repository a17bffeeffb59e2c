import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStat, readUsers, scanProcesses, unitFromCgroup } from '../../src/live/processes.js';
import type { ProcReader } from '../../src/live/proc-reader.js';
import { fsError } from '../../src/include/fs.js';
import { fakeProc } from './fake-proc.js';

test('parseStat takes the name between the first ( and the last )', () => {
  assert.deepEqual(parseStat('42 (uvicorn) S 1 42 42 0 -1'), { name: 'uvicorn', ppid: 1 });
  assert.deepEqual(parseStat('7 (a) b) (c) R 6 7 7'), { name: 'a) b) (c', ppid: 6 });
  assert.throws(() => parseStat('nonsense'));
});

test('unitFromCgroup reads cgroup v2, v1 and user-manager paths', () => {
  assert.deepEqual(unitFromCgroup('0::/system.slice/app.service\n'), {
    unit: 'app.service',
    userUnit: false,
  });
  assert.deepEqual(
    unitFromCgroup(
      '12:pids:/system.slice/nginx.service\n1:name=systemd:/system.slice/nginx.service\n',
    ),
    { unit: 'nginx.service', userUnit: false },
  );
  assert.deepEqual(
    unitFromCgroup('0::/user.slice/user-1000.slice/user@1000.service/app.slice/dev.service\n'),
    { unit: 'dev.service', userUnit: true },
  );
  assert.equal(unitFromCgroup('0::/user.slice/user-1000.slice/session-3.scope\n'), undefined);
  assert.equal(unitFromCgroup('0::/\n'), undefined);
});

test('readUsers maps uids to names and tolerates an unreadable file', () => {
  const users = readUsers(
    fakeProc({
      '/etc/passwd': 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n',
    }),
    '/etc/passwd',
  );

  assert.equal(users.get(0), 'root');
  assert.equal(users.get(33), 'www-data');
  assert.equal(readUsers(fakeProc({}), '/etc/passwd').size, 0);
});

test('scanProcesses maps socket inodes to every holder with its identity', () => {
  const reader = fakeProc({
    '/etc/passwd': 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/:/bin/false\n',
    '/proc/100/stat': '100 (nginx) S 1 100 100',
    '/proc/100/cmdline': 'nginx: master process /usr/sbin/nginx\0',
    '/proc/100/status': 'Name:\tnginx\nUid:\t0\t0\t0\t0\n',
    '/proc/100/cgroup': '0::/system.slice/nginx.service\n',
    '/proc/100/fd/': ['0', '6'],
    '/proc/100/fd/0': '/dev/null',
    '/proc/100/fd/6': 'socket:[555]',
    '/proc/101/stat': '101 (nginx) S 100 100 100',
    '/proc/101/cmdline': 'nginx: worker process\0',
    '/proc/101/status': 'Uid:\t33\t33\t33\t33\n',
    '/proc/101/cgroup': '0::/system.slice/nginx.service\n',
    '/proc/101/fd/': ['6', '7'],
    '/proc/101/fd/6': 'socket:[555]',
    '/proc/101/fd/7': 'socket:[999]',
  });
  const scan = scanProcesses(reader, new Set([555]));

  assert.deepEqual(scan.socketHolders.get(555), [100, 101]);
  assert.equal(scan.socketHolders.has(999), false);
  assert.deepEqual(scan.processes.get(101), {
    pid: 101,
    ppid: 100,
    name: 'nginx',
    argv: ['nginx: worker process'],
    uid: 33,
    user: 'www-data',
    unit: 'nginx.service',
  });
  assert.deepEqual(scan.deniedFds, []);
});

test('a process that vanishes or fails mid-read is skipped, never fatal', () => {
  const base = fakeProc({
    '/proc/200/stat': '200 (python3) S 1 200 200',
    '/proc/200/cmdline': 'python3\0-c\0pass\0',
    '/proc/200/fd/': ['3', '4'],
    '/proc/200/fd/3': 'socket:[700]',
    '/proc/200/fd/4': 'socket:[701]',
    '/proc/201/stat': '201 (gone) S 1 201 201',
    '/proc/202/stat': '202 (secret) S 1 202 202',
    '/proc/202/fd/': ['3'],
    '/proc/203/stat': '203 (busy) S 1 203 203',
  });
  const reader: ProcReader = {
    ...base,
    readFile: (path) => {
      // 201 exits between its stat and its cmdline; 203's status read fails with EIO.
      if (path === '/proc/201/cmdline') throw fsError('ENOENT', 'open', path);
      if (path === '/proc/203/status') throw fsError('EIO', 'read', path);

      return base.readFile(path);
    },
    readdir: (path) => {
      if (path === '/proc') return ['200', '201', '202', '203', '204', 'self', 'net'];
      if (path === '/proc/201/fd') throw fsError('ENOENT', 'scandir', path);
      if (path === '/proc/202/fd') throw fsError('EACCES', 'scandir', path);

      return base.readdir(path);
    },
    readlink: (path) => {
      // fd 4 is closed between readdir and readlink.
      if (path === '/proc/200/fd/4') throw fsError('ENOENT', 'readlink', path);

      return base.readlink(path);
    },
  };
  const scan = scanProcesses(reader, new Set([700, 701]));

  assert.deepEqual([...scan.processes.keys()], [200, 201, 202, 203]);
  assert.deepEqual(scan.processes.get(201)?.argv, []);
  assert.equal(scan.processes.get(203)?.uid, undefined);
  assert.deepEqual(scan.socketHolders.get(700), [200]);
  assert.equal(scan.socketHolders.has(701), false);
  assert.deepEqual(scan.deniedFds, [202]);
});

test('/proc entries whose names are no pid are skipped, as is a stat whose parent is none', () => {
  const entry = (pid: string, ppid: string) => ({
    [`/proc/${pid}/stat`]: `${pid} (uvicorn) S ${ppid} 1 1`,
    [`/proc/${pid}/fd/`]: ['3'],
    [`/proc/${pid}/fd/3`]: 'socket:[800]',
  });
  const reader = fakeProc({
    ...entry('1', '0'),
    ...entry('4194304', '1'),
    ...entry('0', '0'),
    ...entry('4194305', '1'),
    ...entry('99999999999999999999', '1'),
    ...entry('300', '99999999999999999999'),
    ...entry('301', '-1'),
  });
  const scan = scanProcesses(reader, new Set([800]));

  assert.deepEqual([...scan.processes.keys()], [1, 4194304]);
  assert.deepEqual(scan.socketHolders.get(800), [1, 4194304]);
});
