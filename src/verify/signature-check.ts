// Actor signatures, checked on the main thread or spread over worker threads. The
// verifier decides, in log order, which key each statement must verify under; only
// the Ed25519 arithmetic is handed out, so the verdict is the same on any path.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PublicKey } from '../integrity/ed25519';
import { checkedKeyOf } from '../integrity/ed25519/public-key';
import { nodeVerifier } from '../integrity/ed25519/node-verifier';

export interface SignatureJob {
  readonly position: number;
  readonly key: PublicKey;
  readonly message: Uint8Array;
  /** Decoded signature bytes; undefined when the base64url text did not decode. */
  readonly signature: Uint8Array | undefined;
  /** Keys the actor held before (rotated out): a match says why the signature fails. */
  readonly pastKeys?: readonly PublicKey[];
}

export interface SignatureFailure {
  readonly position: number;
  /** `old_key`: verifies only under a key the actor had rotated out by then. */
  readonly verdict: 'bad' | 'old_key';
}

export interface SignatureChecker {
  submit(job: SignatureJob): void;
  /** Resolves when more may be submitted (undefined: go on at once). */
  ready(): Promise<void> | undefined;
  /** Failures answered so far, in no particular order; each is returned once. */
  drainFailures(): SignatureFailure[];
  /** Waits for every submitted check to be answered. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

export function verdictOf(job: SignatureJob): 'ok' | SignatureFailure['verdict'] {
  const sig = job.signature;
  if (sig === undefined || sig.length !== 64) return 'bad';
  if (nodeVerifier.verify(job.key, job.message, sig)) return 'ok';
  return job.pastKeys?.some((k) => nodeVerifier.verify(k, job.message, sig)) ? 'old_key' : 'bad';
}

/** Checks each signature as it is submitted, on the calling thread. */
export function inlineChecker(): SignatureChecker {
  let failures: SignatureFailure[] = [];
  return {
    submit(job) {
      const verdict = verdictOf(job);
      if (verdict !== 'ok') failures.push({ position: job.position, verdict });
    },
    ready: () => undefined,
    drainFailures() {
      const out = failures;
      failures = [];
      return out;
    },
    finish: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** `auto`, or a count of threads >= 1 (1: inline). */
export function parseWorkers(text: string | undefined): number | undefined {
  if (text === undefined) return 1;
  if (text === 'auto') return availableParallelism();
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= 1 && n <= 256 ? n : undefined;
}

/**
 * `threads` counts every thread taking part: 1 checks inline; N > 1 keeps state
 * validation on the main thread and gives signatures to N - 1 worker threads.
 */
export function signatureChecker(threads: number): SignatureChecker {
  return threads <= 1 ? inlineChecker() : new WorkerPoolChecker(threads - 1);
}

const BATCH = 512;
const MAX_IN_FLIGHT_PER_WORKER = 4;

interface Batch {
  positions: number[];
  keys: Uint8Array[];
  sigs: (Uint8Array | undefined)[];
  messages: Uint8Array[];
  past: (Uint8Array[] | undefined)[];
}

const emptyBatch = (): Batch => ({ positions: [], keys: [], sigs: [], messages: [], past: [] });

/**
 * Batches of jobs go round-robin to worker threads; at most a few batches per worker
 * are in flight, so memory stays bounded however long the log is.
 */
class WorkerPoolChecker implements SignatureChecker {
  private readonly workers: Worker[];
  private next = 0;
  private batch = emptyBatch();
  private inFlight = 0;
  private failures: SignatureFailure[] = [];
  private waiters: (() => void)[] = [];
  private error: Error | undefined;

  constructor(count: number) {
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(join(__dirname, 'signature-worker.js'));
      worker.on('message', (m: { failures: SignatureFailure[] }) => this.answered(m.failures));
      worker.on('error', (e) => {
        this.error = e;
        this.wake();
      });
      return worker;
    });
  }

  submit(job: SignatureJob): void {
    const b = this.batch;
    b.positions.push(job.position);
    b.keys.push(checkedKeyOf(job.key)!.bytes);
    b.sigs.push(job.signature);
    b.messages.push(job.message);
    b.past.push(job.pastKeys?.map((k) => checkedKeyOf(k)!.bytes));
    if (b.positions.length >= BATCH) this.flush();
  }

  ready(): Promise<void> | undefined {
    if (this.error) throw this.error;
    if (this.inFlight < this.workers.length * MAX_IN_FLIGHT_PER_WORKER) return undefined;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  drainFailures(): SignatureFailure[] {
    const out = this.failures;
    this.failures = [];
    return out;
  }

  async finish(): Promise<void> {
    this.flush();
    while (this.inFlight > 0) {
      if (this.error) throw this.error;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private flush(): void {
    const b = this.batch;
    if (b.positions.length === 0) return;
    this.batch = emptyBatch();
    this.inFlight++;
    const worker = this.workers[this.next]!;
    this.next = (this.next + 1) % this.workers.length;
    worker.postMessage(packBatch(b));
  }

  private answered(failures: SignatureFailure[]): void {
    this.inFlight--;
    this.failures.push(...failures);
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** One structured-clone-friendly message: a few flat arrays instead of many objects. */
export interface PackedBatch {
  readonly positions: Float64Array;
  readonly keys: Uint8Array;
  readonly sigs: Uint8Array;
  readonly sigOk: Uint8Array;
  readonly messages: Uint8Array;
  readonly offsets: Uint32Array;
  readonly past: (Uint8Array[] | undefined)[] | undefined;
}

function packBatch(b: Batch): PackedBatch {
  const n = b.positions.length;
  const keys = new Uint8Array(n * 32);
  const sigs = new Uint8Array(n * 64);
  const sigOk = new Uint8Array(n);
  const offsets = new Uint32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) total += b.messages[i]!.length;
  const messages = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < n; i++) {
    keys.set(b.keys[i]!, i * 32);
    const sig = b.sigs[i];
    if (sig !== undefined && sig.length === 64) {
      sigs.set(sig, i * 64);
      sigOk[i] = 1;
    }
    offsets[i] = at;
    messages.set(b.messages[i]!, at);
    at += b.messages[i]!.length;
  }
  offsets[n] = at;
  const past = b.past.some((p) => p !== undefined) ? b.past : undefined;
  return { positions: Float64Array.from(b.positions), keys, sigs, sigOk, messages, offsets, past };
}
