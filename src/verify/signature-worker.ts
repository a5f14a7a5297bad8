// A worker thread that checks batches of actor signatures (see signature-batch.ts).
// Every key arrives from the main thread, where it came out of checkPublicKey (Writ's
// key policy, done once per key when the key was registered); here it only becomes a
// KeyObject, once per key (again if the bounded cache of signature-batch.ts dropped it).
import { parentPort, workerData } from 'node:worker_threads';
import { KeyObjects, verifyBatch, type PackedBatch } from './signature-batch';

const keys = new KeyObjects();
/** Batches finished, shared with the main thread (which reads it without waiting for messages). */
const done = (workerData as { done: Int32Array }).done;

parentPort?.on('message', (b: PackedBatch) => {
  const failures = verifyBatch(b, keys);
  Atomics.add(done, 0, 1);
  parentPort!.postMessage({ failures });
});
