// A worker thread that checks batches of actor signatures (see signature-batch.ts).
// Every key arrives from the main thread, where it came out of checkPublicKey (Writ's
// key policy, done once per key when the key was registered); here libsodium reads its
// bytes, and it becomes a KeyObject only when OpenSSL must judge (see signature-batch.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { nativeEd25519 } from '../integrity/ed25519/sodium-native';
import { KeyObjects, verifyBatch, type PackedBatch } from './signature-batch';

const keys = new KeyObjects();
/** Read once per thread: a worker inherits the main thread's environment. */
const native = nativeEd25519();
/** Batches finished, shared with the main thread (which reads it without waiting for messages). */
const done = (workerData as { done: Int32Array }).done;

parentPort?.on('message', (b: PackedBatch) => {
  const failures = verifyBatch(b, keys, native);
  Atomics.add(done, 0, 1);
  parentPort!.postMessage({ failures });
});
