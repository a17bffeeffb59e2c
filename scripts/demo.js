#!/usr/bin/env node
// `npm start`: lint the bundled broken example and explain the exit code, without npm's
// failure trailer (ngxlint exits 1 on findings, which is what CI wants but not a demo).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const target = join('fixtures', 'example', 'broken');
const result = spawnSync(process.execPath, [join(root, 'dist/bin/ngxlint.js'), target], {
  cwd: root,
  stdio: 'inherit',
});

process.stderr.write(
  `\nngxlint ${target} exited ${result.status}: 0 is clean, 1 means findings at or above ` +
    '--fail-on (default error), 2 a usage or internal error.\n',
);
process.exit(result.status === 2 || result.status === null ? 1 : 0);
