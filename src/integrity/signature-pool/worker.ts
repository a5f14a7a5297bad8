// The signature worker thread: verifies the batches the pool (pool.ts) sends, in the
// order sent, and answers each with its failures. Every key arrives from the main
// thread, where it came out of checkPublicKey; here it is bytes for libsodium and, when
// OpenSSL must judge, a KeyObject (keys.ts).
//
// Message in:  { id, batch: PackedBatch }
// Message out: { id, failures: SignatureFailure[] }, after `done` (shared with the main
//              thread, which reads it without waiting for messages) counts the batch.
import { parentPort, workerData } from 'node:worker_threads';
import { nativeEd25519 } from '../ed25519/sodium-native';
import type { PackedBatch } from './batch';
import { KeyObjects } from './keys';
import { verifyBatch } from './verify-batch';

/** What the pool gives every worker it starts. */
export interface SignatureWorkerData {
  /** Batches finished, counted here and read by the main thread. */
  readonly done: Int32Array;
  /** Confirm with native libsodium where it loads (read once per thread: a worker inherits the process's environment). */
  readonly nativeFirst: boolean;
}

export interface BatchRequest {
  readonly id: number;
  readonly batch: PackedBatch;
}

const data = workerData as SignatureWorkerData;
const keys = new KeyObjects();
const native = data.nativeFirst ? nativeEd25519() : undefined;

parentPort!.on('message', (m: BatchRequest) => {
  const failures = verifyBatch(m.batch, keys, native);
  Atomics.add(data.done, 0, 1);
  parentPort!.postMessage({ id: m.id, failures });
});
