// Runs the fuzz properties in a worker thread under a watchdog: a case that runs past the hang
// bound (an endless loop the per-case timer cannot see) stops the worker and is reported with
// the seed and case index that replay it.
import { Worker } from 'node:worker_threads';
import type { WorkerData, WorkerMessage } from './fuzz-worker.js';

export interface FuzzOptions {
  durationMs: number;
  seed: number;
  /** A case that takes longer fails (it is slow, not hung). */
  caseMs?: number;
  /** No new case for this long: the worker is stopped and the run fails as a hang. */
  hangMs?: number;
  /** Time each property gets before the next one's turn. */
  sliceMs?: number;
  /** Called about every progressMs with the counts so far. */
  onProgress?: (cases: Map<string, number>) => void;
  progressMs?: number;
}

export interface FuzzResult {
  cases: Map<string, number>;
  total: number;
  failure?: string;
}

export function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const heartbeat = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
  const beat = new Int32Array(heartbeat);
  const data: WorkerData = {
    seed: options.seed,
    durationMs: options.durationMs,
    caseMs: options.caseMs ?? 2000,
    sliceMs: options.sliceMs ?? 10_000,
    heartbeat,
  };
  const hangMs = options.hangMs ?? 30_000;
  const worker = new Worker(new URL('./fuzz-worker.js', import.meta.url), {
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
  const cases = new Map<string, number>();
  let names: string[] = [];

  return new Promise((resolve) => {
    let settled = false;
    let last = -1;
    let lastChange = Date.now();
    let lastProgress = Date.now();

    const finish = (failure?: string) => {
      if (settled) return;

      settled = true;
      clearInterval(watchdog);
      void worker.terminate();

      // Every case the worker started, shrinking runs included.
      const total = Atomics.load(beat, 0);

      resolve({ cases, total, ...(failure ? { failure } : {}) });
    };

    const watchdog = setInterval(() => {
      const now = Date.now();
      const seen = Atomics.load(beat, 0);

      if (seen !== last) {
        last = seen;
        lastChange = now;
      } else if (now - lastChange > hangMs) {
        const property = names[Atomics.load(beat, 1)] ?? '?';
        const seed = Atomics.load(beat, 2);
        const index = Atomics.load(beat, 3) - 1;

        finish(
          `${property}: a case ran over ${hangMs} ms (hang); replay with seed ${seed}, path "${index}"`,
        );
      }

      if (options.onProgress && now - lastProgress >= (options.progressMs ?? 30_000)) {
        lastProgress = now;
        options.onProgress(cases);
      }
    }, 250);

    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'properties') names = message.names;
      else if (message.type === 'slice') {
        cases.set(message.property, (cases.get(message.property) ?? 0) + message.runs);
      } else if (message.type === 'failure') {
        finish(
          `${message.property}: ${message.error}\n  counterexample: ${message.counterexample}\n` +
            `  replay with seed ${message.seed}, path "${message.path}"`,
        );
      } else finish();
    });
    worker.on('error', (error) => finish(`worker crashed: ${error.message}`));
    worker.on('exit', (code) => finish(code === 0 ? undefined : `worker exited with ${code}`));
  });
}
