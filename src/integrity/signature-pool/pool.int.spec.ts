// The pool on real worker threads, as `writ verify` drives it: every failure comes back
// with its position and verdict (bad or old_key) whether a worker or the main thread
// checked the batch, a worker that dies takes no failure with it, a full worker sends
// the next batch to the main thread, and a main thread that ran long without reading
// its messages does not take a working worker for a hung one.
import { join } from 'node:path';
import type { SignatureFailure, SignatureJob } from './batch';
import { SignaturePool, type SignaturePoolOptions } from './pool';
import { checkedSigner, signedText } from '../../../test/support/signers';

const [alice, old, other] = [checkedSigner(), checkedSigner(), checkedSigner()];
const text = (i: number) => `{"body":{"n":${i},"s":"é ☃"},"nonce":"n${i}"}`;
const signed = signedText;
const failing = (name: string): string => join(__dirname, '../../../test/support/signature-workers', `${name}.ts`);

/** Jobs from `from`: every 5th signed by another key, every 7th by the actor's past key. */
function jobs(from: number, count: number): SignatureJob[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const t = text(i);
    if (i % 5 === 1) return { position: i, key: alice.key, statementText: t, signature: signed(other, t) };
    if (i % 7 === 2) return { position: i, key: alice.key, statementText: t, signature: signed(old, t), pastKeys: [old.key] };
    return { position: i, key: alice.key, statementText: t, signature: signed(alice, t) };
  });
}

function expected(list: readonly SignatureJob[]): SignatureFailure[] {
  return list.flatMap<SignatureFailure>((j) => (j.position % 5 === 1 ? [{ position: j.position, verdict: 'bad' }] : j.position % 7 === 2 ? [{ position: j.position, verdict: 'old_key' }] : []));
}

const pools: SignaturePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function pool(threads: number, options: SignaturePoolOptions = {}): SignaturePool {
  const p = new SignaturePool(threads, options);
  pools.push(p);
  return p;
}

/** Runs `batches` through `p`, one batch each; resolves with every failure, in position order, once all are answered. */
function runAll(p: SignaturePool, batches: readonly SignatureJob[][]): { answeredHere: number; all: Promise<SignatureFailure[]> } {
  const builder = p.builder();
  const failures: SignatureFailure[] = [];
  let left = batches.length;
  let answeredHere = 0;
  let resolve!: (f: SignatureFailure[]) => void;
  const all = new Promise<SignatureFailure[]>((r) => (resolve = r));
  for (const batch of batches) {
    for (const job of batch) expect(builder.add(job)).toBe(true);
    let sync = true;
    p.run(builder, (f) => {
      if (sync) answeredHere++;
      failures.push(...f);
      if (--left === 0) resolve(failures.sort((a, b) => a.position - b.position));
    });
    sync = false;
  }
  if (left === 0) resolve(failures.sort((a, b) => a.position - b.position));
  return { answeredHere, all };
}

const batches = (n: number, size: number) => Array.from({ length: n }, (_, b) => jobs(b * size, size));

test('failures keep their positions and verdicts on workers (libsodium first or OpenSSL alone) and on the main thread', async () => {
  const work = batches(6, 40);
  const want = expected(work.flat());
  expect(want.some((f) => f.verdict === 'old_key')).toBe(true);
  for (const options of [{ nativeFirst: true }, { nativeFirst: false }]) {
    const onWorkers = runAll(pool(2, options), work);
    expect(onWorkers.answeredHere).toBe(0);
    expect(await onWorkers.all).toEqual(want);
  }
  const here = runAll(pool(0), work);
  expect(here.answeredHere).toBe(work.length);
  expect(await here.all).toEqual(want);
});

test('a worker at its limit of unfinished batches sends the next batch to the main thread', async () => {
  // A worker that never finishes: its one allowed batch stays unfinished, so the rest are checked here.
  const p = pool(1, { workerModule: failing('hangs'), maxQueuedPerWorker: 1 });
  const work = batches(4, 10);
  const run = runAll(p, work);
  expect(run.answeredHere).toBe(3);
  expect(p.inFlight).toBe(1);
  await p.close(); // answers the one the worker held, here
  expect(await run.all).toEqual(expected(work.flat()));
});

test('a worker that dies takes no failure with it: its batches are checked here, in order, and it is replaced', async () => {
  const deaths: Error[] = [];
  const p = pool(1, { workerModule: failing('exits'), maxRespawns: 1, onWorkerDeath: (e) => deaths.push(e) });
  const work = batches(3, 30);
  expect(await runAll(p, work).all).toEqual(expected(work.flat()));
  expect(deaths.map((e) => e.message)).toEqual(['signature worker exited with code 3']);
  expect(await runAll(p, work).all).toEqual(expected(work.flat()));
  expect(deaths).toHaveLength(2);
  // No replacement left: checked here, before run returns.
  const here = runAll(p, work);
  expect(here.answeredHere).toBe(work.length);
  expect(await here.all).toEqual(expected(work.flat()));
});

test('a main thread that did not read its messages for longer than the hang timeout does not take a working worker for a hung one', async () => {
  const deaths: Error[] = [];
  const p = pool(1, { hangTimeoutMs: 200, onWorkerDeath: (e) => deaths.push(e) });
  const work = batches(2, 20);
  const run = runAll(p, work);
  // Blocks this thread (the verifier's main thread runs long between turns of its event loop).
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 700);
  expect(await run.all).toEqual(expected(work.flat()));
  expect(deaths).toEqual([]);
});
