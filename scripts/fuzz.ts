// `npm run fuzz`: the parser's property tests for ten minutes (or --minutes N): token soups,
// random bytes, mutated corpus files and generated trees must never crash, hang or mis-parse;
// format of generated trees and corpus files keeps nginx's words and formats to itself.
// Prints how many cases ran; exits 1 with a replayable counterexample on the first failure.
// Usage: node BUILD/scripts/fuzz.js [--minutes 10] [--seed N] [--case-ms 2000]
import { runFuzz } from './fuzz-run.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);

  if (!Number.isFinite(value) || value < 0) {
    console.error(`fuzz: ${name} takes a number`);
    process.exit(2);
  }

  return value;
}

const minutes = option('--minutes', 10);
const seed = option('--seed', Date.now() % 2 ** 31);
const started = Date.now();
const summary = (cases: Map<string, number>) =>
  [...cases].map(([name, n]) => `${name} ${n}`).join(', ');

console.log(`fuzz: ${minutes} min, seed ${seed}`);

const result = await runFuzz({
  durationMs: minutes * 60_000,
  seed,
  caseMs: option('--case-ms', 2000),
  onProgress: (cases) =>
    console.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${summary(cases)}`),
});

console.log(
  `fuzz: ${result.total} cases in ${Math.round((Date.now() - started) / 1000)} s ` +
    `(${summary(result.cases)})`,
);

if (result.failure) {
  console.error(`fuzz: FAILED ${result.failure}`);
  process.exitCode = 1;
}
