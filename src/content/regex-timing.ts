import { Worker } from 'node:worker_threads';

/**
 * Times one regular expression on one input (best of five) in a worker thread, so a pattern that really is
 * catastrophic cannot freeze the loader: past `limitMs` the worker is stopped and the answer is
 * "too slow". Used to confirm what recheck's fuzzing checker suspects, on inputs as long as the
 * detector ever gives a pattern.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const regex = new RegExp(workerData.source, workerData.flags);
// V8 compiles a pattern on first use; do that first so only the matching is timed.
regex.exec('warm up');
parentPort.postMessage('ready');
// The best of five runs, so a busy machine does not make a fast pattern look slow.
let best = Infinity;
for (let run = 0; run < 5; run += 1) {
  const started = performance.now();
  regex.exec(workerData.input);
  best = Math.min(best, performance.now() - started);
}
parentPort.postMessage(best);
`;

export async function timeRegex(source: string, input: string, limitMs: number): Promise<number> {
  const worker = new Worker(WORKER_CODE, { eval: true, workerData: { source, flags: '', input } });
  try {
    return await new Promise<number>((resolve, reject) => {
      // The clock starts when the worker is up, so a busy machine's start-up is not counted.
      let timer: NodeJS.Timeout | undefined;
      worker.on('message', (message: 'ready' | number) => {
        if (message === 'ready') {
          timer = setTimeout(() => resolve(Number.POSITIVE_INFINITY), limitMs);
          return;
        }
        clearTimeout(timer);
        resolve(message);
      });
      worker.once('error', (error) => {
        if (timer) clearTimeout(timer);
        reject(error);
      });
    });
  } finally {
    await worker.terminate();
  }
}
