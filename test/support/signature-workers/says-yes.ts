// A signature worker that answers every batch with no failures ("all verified") without
// checking anything: only what the main thread sent it may be judged by it.
import { parentPort, workerData } from 'node:worker_threads';
import type { BatchRequest, SignatureWorkerData } from '../../../src/integrity/signature-pool/worker';

const { done } = workerData as SignatureWorkerData;
parentPort!.on('message', (m: BatchRequest) => {
  Atomics.add(done, 0, 1);
  parentPort!.postMessage({ id: m.id, failures: [] });
});
