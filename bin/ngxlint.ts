#!/usr/bin/env node
import { main } from '../src/cli/main.js';

// A reader that stops early (`ngxlint rules | head -1`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
