// The fuzzer's worker: rotates through the properties in time slices until its time is up.
// It counts every case in shared memory, so the parent sees progress even while a case runs
// and can stop the worker when a case hangs.
import { parentPort, workerData } from 'node:worker_threads';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { fuzzProperties, loadCorpus } from './fuzz-properties.js';

export interface WorkerData {
  seed: number;
  durationMs: number;
  caseMs: number;
  sliceMs: number;
  /** [cases run, property index, slice seed, case index within the slice]. */
  heartbeat: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'properties'; names: string[] }
  | { type: 'slice'; property: string; runs: number }
  | {
      type: 'failure';
      property: string;
      seed: number;
      path: string;
      counterexample: string;
      error: string;
    }
  | { type: 'done' };

const data = workerData as WorkerData;
const beat = new Int32Array(data.heartbeat);
const properties = fuzzProperties(loadCorpus());
const post = (message: WorkerMessage) => parentPort?.postMessage(message);
const deadline = Date.now() + data.durationMs;

post({ type: 'properties', names: properties.map((p) => p.name) });

/** The counterexample, shortened; a long one is saved whole to a temporary file. */
function describe(value: unknown): string {
  const text = fc.stringify(value);

  if (text.length <= 2000) return text;

  const file = join(mkdtempSync(join(tmpdir(), 'ngxlint-fuzz-')), 'counterexample');
  const first = Array.isArray(value) ? value[0] : value;

  writeFileSync(file, Buffer.isBuffer(first) ? first : text);

  return `${text.slice(0, 300)}… (${text.length} chars, saved to ${file})`;
}

for (let slice = 0; Date.now() < deadline; slice += 1) {
  const index = slice % properties.length;
  const property = properties[index];
  const seed = (data.seed + slice * 7919) | 0;

  Atomics.store(beat, 1, index);
  Atomics.store(beat, 2, seed);
  Atomics.store(beat, 3, 0);

  const details = fc.check(
    property.property(data.caseMs, () => {
      Atomics.add(beat, 0, 1);
      Atomics.add(beat, 3, 1);
    }),
    {
      seed,
      numRuns: Number.MAX_SAFE_INTEGER,
      plugins: [
        fc.interruptAfterTimeLimit(Math.max(1, Math.min(data.sliceMs, deadline - Date.now()))),
      ],
    },
  );

  if (details.failed) {
    const error = details.errorInstance;

    post({
      type: 'failure',
      property: property.name,
      seed,
      path: details.counterexamplePath ?? '',
      counterexample: describe(details.counterexample),
      error: error instanceof Error ? error.message : String(error),
    });
    break;
  }

  post({ type: 'slice', property: property.name, runs: details.numRuns });
}

post({ type: 'done' });
