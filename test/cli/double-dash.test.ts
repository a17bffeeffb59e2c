// After `--` every word is a path, even one that looks like a flag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';

function tree(t: { after: (fn: () => void) => void }): string {
  const dir = tempDir('ngxlint-dashdash-');

  t.after(dir.cleanup);
  writeFileSync(
    join(dir.path, '-rf.conf'),
    '# ngxlint: context=http\nserver {\n    listen 80;\n    listen 81;\n}\n',
  );
  // Linting the folder instead would find this one too.
  writeFileSync(join(dir.path, 'other.conf'), 'server {\n    listen 82;\n}\n');

  return dir.path;
}

test('ngxlint -- -rf.conf lints that file, not the working directory', (t) => {
  const dir = tree(t);

  for (const args of [
    ['--', '-rf.conf'],
    ['lint', '--', '-rf.conf'],
    ['--context', 'http', '--', '-rf.conf'],
  ]) {
    const r = runCli(args, { cwd: dir });

    assert.match(
      r.stderr,
      /^ngxlint: linting -rf\.conf: given on the command line/m,
      args.join(' '),
    );
    assert.doesNotMatch(r.stderr + r.stdout, /other\.conf/, args.join(' '));
    assert.match(
      r.stdout,
      /-rf\.conf\n {2}4:5 {5}warning nginx listens on port "81"/,
      args.join(' '),
    );
  }
});

test('a flag after -- is a path too, and parse/lex/format take their FILE after it', (t) => {
  const dir = tree(t);
  const r = runCli(['--', '--context'], { cwd: dir });

  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'ngxlint: PATH "--context" does not exist\n');

  const lex = runCli(['lex', '--', '-rf.conf'], { cwd: dir });

  assert.equal(lex.status, 0, lex.stderr);
  assert.deepEqual(JSON.parse(lex.stdout).slice(1, 3), ['server', '{']);

  const extra = runCli(['lex', '--', '-rf.conf', 'x'], { cwd: dir });

  assert.equal(extra.status, 2);
  assert.equal(extra.stderr, 'ngxlint: too many arguments: "x" (see ngxlint --help)\n');
});

test('an argument a command does not take is named as an argument, not as a flag', () => {
  for (const [args, line] of [
    [['ports', 'fixtures/example/good'], 'too many arguments: "fixtures/example/good"'],
    [['rules', 'extra'], 'too many arguments: "extra"'],
    [['explain', 'NGX301', 'more'], 'too many arguments: "more"'],
    [['rules', '--bogus'], 'unknown flag --bogus'],
  ] as const) {
    const r = runCli([...args]);

    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, `ngxlint: ${line} (see ngxlint --help)\n`);
  }
});

const DASH = (flag: string) =>
  `${flag}: cannot write it ("-" is no file name here; leave the flag out to write to stdout)`;

test('a one-value flag given twice or negated is one usage line, and nothing is written', (t) => {
  const dir = tempDir();

  t.after(dir.cleanup);
  writeFileSync(join(dir.path, 'nginx.conf'), 'events {}\nhttp {}\n');

  for (const [args, line] of [
    [['lint', '.', '-o', 'a', '--output', 'b'], '--output is given 2 times, expected once'],
    [['lint', '.', '--no-output'], '--no-output: --output takes a value'],
    [
      ['lint', '.', '--write-baseline', 'a', '--write-baseline', 'b'],
      '--write-baseline is given 2 times, expected once',
    ],
    [
      ['lint', '-', '--stdin-filename', 'a', '--stdin-filename', 'b'],
      '--stdin-filename is given 2 times, expected once',
    ],
    [
      ['ports', '--from-ss', 'nginx.conf', '-o', 'a', '-o', 'b'],
      '-o is given 2 times, expected once',
    ],
    [['lint', '.', '-c', 'a', '-c', 'b'], '-c is given 2 times, expected once'],
    // An empty value named nothing: the run went on with the default config, root, prefix.
    [['lint', '.', '--config='], '--config needs a value'],
    [['lint', '.', '-c', ''], '-c needs a value'],
    [['lint', '.', '--root', ''], '--root needs a value'],
    [['parse', 'nginx.conf', '-o', 'a', '--out', 'b'], '--out is given 2 times, expected once'],
    // --output as lint spells it is the same flag.
    [
      ['format', 'nginx.conf', '--output', 'a', '--out', 'b'],
      '--out is given 2 times, expected once',
    ],
    [
      ['sockets', '.', '--format', 'json', '--format', 'json'],
      '--format is given 2 times, expected once',
    ],
    // `-` reads stdin; as an output it would have made a file named `-`.
    [['lint', '.', '-o', '-'], DASH('-o -')],
    [['lint', '.', '--format', 'json:-'], DASH('--format json:-')],
    [['lint', '.', '--write-baseline', '-'], DASH('--write-baseline -')],
    [['format', 'nginx.conf', '-o', '-'], DASH('-o -')],
    // yargs would take these as an indent of 2 and of 0.
    [['parse', 'nginx.conf', '-i', '1', '-i', '1'], '-i is given 2 times, expected once'],
    [
      ['format', 'nginx.conf', '-t', '-i3', '--indent=3'],
      '--indent is given 2 times, expected once',
    ],
    [['lex', 'nginx.conf', '--no-indent'], '--no-indent: --indent takes a value'],
    [['lint', '.', '--no-format'], '--no-format: --format takes a value'],
    [['lint', '.', '--no-rule'], '--no-rule: --rule takes a value'],
    [
      ['sockets', '.', '--no-format'],
      'Invalid values: Argument: format, Given: false, Choices: "text", "json"',
    ],
  ] as const) {
    const r = runCli([...args], { cwd: dir.path, input: '' });

    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, `ngxlint: ${line}\n`);
  }

  assert.deepEqual(readdirSync(dir.path), ['nginx.conf']);
});
