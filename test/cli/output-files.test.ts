// Report and payload outputs: never over a file the run reads, and a file that cannot be
// written is one usage line naming the path as given, with nothing left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';

const CONF = 'events {}\nhttp {\n    server { listen 80; listen 81; }\n}\n';

function tree(t: { after: (fn: () => void) => void }): string {
  const dir = tempDir('ngxlint-outputs-');

  t.after(dir.cleanup);
  mkdirSync(join(dir.path, 'nginx', 'conf.d'), { recursive: true });
  writeFileSync(
    join(dir.path, 'nginx', 'nginx.conf'),
    CONF.replace('http {', 'http {\n    include conf.d/*.conf;'),
  );
  writeFileSync(join(dir.path, 'nginx', 'conf.d', 'site.conf'), 'server { listen 80; }\n');

  return dir.path;
}

/** Saved `ss -tlnp` output: nginx holds port 80. */
const SS_OUTPUT =
  'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n' +
  'LISTEN 0 511 0.0.0.0:80 0.0.0.0:* users:(("nginx",pid=10,fd=6))\n';

/** Every file below dir, relative. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

test('an output path that is a file the lint reads is refused, the file untouched', (t) => {
  const dir = tree(t);
  const before = filesOf(dir);
  const entry = readFileSync(join(dir, 'nginx', 'nginx.conf'), 'utf8');
  const cases = [
    [['--output', 'nginx/nginx.conf'], '--output nginx/nginx.conf'],
    [['-o', './nginx/../nginx/nginx.conf'], '-o ./nginx/../nginx/nginx.conf'],
    [['--format', 'json:nginx/conf.d/site.conf'], '--format json:nginx/conf.d/site.conf'],
    [
      ['--format', 'text', '--format', `sarif:${join(dir, 'nginx', 'nginx.conf')}`],
      `--format sarif:${join(dir, 'nginx', 'nginx.conf')}`,
    ],
    [['--write-baseline', 'nginx/conf.d/site.conf'], '--write-baseline nginx/conf.d/site.conf'],
  ] as const;

  for (const [args, label] of cases) {
    const r = runCli([...args], { cwd: dir });

    assert.equal(r.status, 2, `${label}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr.trimEnd().split('\n').at(-1),
      `ngxlint: ${label}: is a file this run reads, it would be overwritten (choose another file)`,
    );
  }

  assert.equal(readFileSync(join(dir, 'nginx', 'nginx.conf'), 'utf8'), entry);
  assert.equal(
    readFileSync(join(dir, 'nginx', 'conf.d', 'site.conf'), 'utf8'),
    'server { listen 80; }\n',
  );
  assert.deepEqual(filesOf(dir), before);
});

test('lint --output to a folder or a missing folder names the path given, leaves nothing', (t) => {
  const dir = tree(t);

  mkdirSync(join(dir, 'out'));

  const before = filesOf(dir);
  const cases = [
    [['--output', 'out'], 'ngxlint: --output out: cannot write it (it is a folder, EISDIR)'],
    [['-o', 'out'], 'ngxlint: -o out: cannot write it (it is a folder, EISDIR)'],
    [
      ['--output', 'missing/x.txt'],
      'ngxlint: --output missing/x.txt: cannot write it (its folder does not exist, ENOENT)',
    ],
    [
      ['--format', 'sarif:missing/x.sarif'],
      'ngxlint: --format sarif:missing/x.sarif: cannot write it (its folder does not exist, ENOENT)',
    ],
  ] as const;

  for (const [args, line] of cases) {
    const r = runCli([...args], { cwd: dir });

    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trimEnd().split('\n').at(-1), line);
    assert.doesNotMatch(r.stderr, /\.tmp|internal error/);
  }

  assert.deepEqual(filesOf(dir), before);
});

test('parse, lex and format -o: a bad path is one usage line naming it as typed', (t) => {
  const dir = tree(t);

  mkdirSync(join(dir, 'out'));

  const before = filesOf(dir);

  for (const command of ['parse', 'lex', 'format']) {
    for (const [path, reason] of [
      ['out', 'it is a folder, EISDIR'],
      ['missing/x.json', 'its folder does not exist, ENOENT'],
    ]) {
      for (const flag of ['-o', '--out']) {
        const r = runCli([command, 'nginx/conf.d/site.conf', flag, path], { cwd: dir });

        assert.equal(r.status, 2, `${command} ${path}: ${r.stderr}`);
        assert.equal(r.stderr, `ngxlint: ${flag} ${path}: cannot write it (${reason})\n`);
        assert.equal(r.stdout, '');
      }
    }
  }

  // In a group of short flags (lex's -n adds line numbers).
  const grouped = runCli(['lex', 'nginx/conf.d/site.conf', '-no', 'missing/x.json'], { cwd: dir });

  assert.equal(
    grouped.stderr,
    'ngxlint: -o missing/x.json: cannot write it (its folder does not exist, ENOENT)\n',
  );
  assert.deepEqual(filesOf(dir), before);
});

test('an output that a link the run reads leads to is refused: a linked file or folder', (t) => {
  const dir = tree(t);

  mkdirSync(join(dir, 'real'));
  writeFileSync(join(dir, 'real', 'extra.conf'), 'server { listen 82; }\n');
  symlinkSync(join('..', '..', 'real', 'extra.conf'), join(dir, 'nginx', 'conf.d', 'extra.conf'));
  symlinkSync('nginx', join(dir, 'alias'));

  const cases = [
    [['nginx', '--output', 'real/extra.conf'], '--output real/extra.conf'],
    [['alias/nginx.conf', '--format', 'json:nginx/nginx.conf'], '--format json:nginx/nginx.conf'],
  ] as const;

  for (const [args, label] of cases) {
    const r = runCli([...args], { cwd: dir });

    assert.equal(r.status, 2, `${label}: ${r.stderr}`);
    assert.equal(
      r.stderr.trimEnd().split('\n').at(-1),
      `ngxlint: ${label}: is a file this run reads, it would be overwritten (choose another file)`,
    );
  }

  assert.equal(readFileSync(join(dir, 'real', 'extra.conf'), 'utf8'), 'server { listen 82; }\n');
});

test('parse, lex and ports never write over a file they read; nor lint over its baseline', (t) => {
  const dir = tree(t);

  writeFileSync(join(dir, 'ss.txt'), SS_OUTPUT);
  writeFileSync(join(dir, 'bl.json'), '');

  const baseline = runCli(['nginx', '--write-baseline', 'bl.json'], { cwd: dir });

  assert.equal(baseline.status, 0, baseline.stderr);

  const before = new Map(filesOf(dir).map((f) => [f, readIfFile(join(dir, f))]));

  for (const args of [
    ['parse', 'nginx/nginx.conf', '-o', 'nginx/nginx.conf'],
    ['parse', 'nginx/nginx.conf', '--out', 'nginx/conf.d/../conf.d/site.conf'],
    ['lex', 'nginx/nginx.conf', '-o', './nginx/nginx.conf'],
    ['parse', '-', '--stdin-filename', 'nginx/nginx.conf', '-o', 'nginx/nginx.conf'],
    ['ports', '--from-ss', 'ss.txt', '-o', 'ss.txt'],
    [
      'ports',
      '--from-ss',
      'ss.txt',
      '--nginx-conf',
      'nginx/nginx.conf',
      '-o',
      'nginx/conf.d/site.conf',
    ],
    ['nginx', '--baseline', 'bl.json', '-o', 'bl.json'],
  ]) {
    const r = runCli(args, { cwd: dir, input: 'events {}\n' });
    const out = args.at(-1);

    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    // The refusal, after at most the line that says which config is read: ports printed its
    // notes about the sockets first.
    const said = r.stderr.trimEnd().split('\n');
    const refusal = ` ${out}: is a file this run reads, it would be overwritten`;

    assert.ok(said.at(-1)!.includes(refusal), `${args.join(' ')}: ${r.stderr}`);
    assert.deepEqual(
      said.slice(0, -1).filter((line) => !line.startsWith('ngxlint: linting ')),
      [],
    );
  }

  assert.deepEqual(new Map(filesOf(dir).map((f) => [f, readIfFile(join(dir, f))])), before);
});

test('--baseline B --write-baseline B brings B up to date instead of emptying it', (t) => {
  const dir = tree(t);

  assert.equal(runCli(['nginx', '--write-baseline', 'bl.json'], { cwd: dir }).status, 0);

  const first = JSON.parse(readFileSync(join(dir, 'bl.json'), 'utf8')).findings.length;
  const again = runCli(['nginx', '--baseline', 'bl.json', '--write-baseline', 'bl.json'], {
    cwd: dir,
  });

  assert.equal(again.status, 0, again.stderr);
  assert.ok(first > 0);
  assert.equal(JSON.parse(readFileSync(join(dir, 'bl.json'), 'utf8')).findings.length, first);
});

function readIfFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

test('format -o over its own input rewrites it in place: mode, owner and link kept', (t) => {
  const dir = tempDir();

  t.after(dir.cleanup);
  writeFileSync(join(dir.path, 'private.conf'), 'events{}\n', { mode: 0o600 });
  writeFileSync(join(dir.path, 'real.conf'), 'events{}\n');
  symlinkSync('real.conf', join(dir.path, 'link.conf'));

  for (const name of ['private.conf', 'link.conf']) {
    const r = runCli(['format', name, '-o', name], { cwd: dir.path });

    assert.equal(r.status, 0, r.stderr);
  }

  assert.equal(statSync(join(dir.path, 'private.conf')).mode & 0o777, 0o600);
  assert.equal(readFileSync(join(dir.path, 'private.conf'), 'utf8'), 'events {\n}\n');
  assert.ok(lstatSync(join(dir.path, 'link.conf')).isSymbolicLink());
  assert.equal(readFileSync(join(dir.path, 'real.conf'), 'utf8'), 'events {\n}\n');
  assert.deepEqual(readdirSync(dir.path).sort(), ['link.conf', 'private.conf', 'real.conf']);
});

test('ports -o - is refused like every other output named "-", and writes nothing', (t) => {
  const dir = tree(t);

  writeFileSync(join(dir, 'ss.txt'), SS_OUTPUT);

  const r = runCli(['ports', '--from-ss', 'ss.txt', '-o', '-'], { cwd: dir });

  assert.equal(r.status, 2, r.stderr);
  assert.equal(
    r.stderr.trimEnd().split('\n').at(-1),
    'ngxlint: -o -: cannot write it ("-" is no file name here; leave the flag out to write to stdout)',
  );
  assert.deepEqual(readdirSync(dir).sort(), ['nginx', 'ss.txt']);
});
