// What the machine's cores give together: bare Node Ed25519 verifies on N threads at
// once, summed. On an idle machine with N real cores this is N times one thread; on
// vCPUs that share a physical core (hyperthreads) or a throttled VM it is less, and a
// figure "on N cores" can then reach no more than this, however well it spreads.
import { Worker } from 'node:worker_threads';

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { generateKeyPairSync, sign, verify } = require('node:crypto');
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const message = Buffer.alloc(400, 7);
const signature = sign(null, message, privateKey);
const state = new Int32Array(workerData.state);
Atomics.add(state, 0, 1);
while (Atomics.load(state, 1) === 0) Atomics.wait(state, 1, 0, 5);
let count = 0;
const started = performance.now();
while (performance.now() - started < workerData.ms) {
  for (let i = 0; i < 20; i++) verify(null, message, publicKey, signature);
  count += 20;
}
parentPort.postMessage(count / ((performance.now() - started) / 1000));
`;

/** Verifies per second on `threads` threads running at the same time (the sum). */
export async function bareVerifyOnThreads(threads: number, ms = 2000): Promise<number> {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const workers = Array.from({ length: threads }, () => new Worker(SOURCE, { eval: true, workerData: { ms, state: state.buffer } }));
  const rates = workers.map((w) => new Promise<number>((resolve, reject) => w.once('message', resolve).once('error', reject)));
  // Start together, once every thread has made its key.
  while (Atomics.load(state, 0) < threads) await new Promise((r) => setTimeout(r, 5));
  Atomics.store(state, 1, 1);
  Atomics.notify(state, 1);
  try {
    return (await Promise.all(rates)).reduce((a, b) => a + b, 0);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
