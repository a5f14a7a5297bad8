// Actor signatures, checked on the main thread or spread over worker threads. The
// verifier decides, in log order, which key each statement must verify under; only
// the Ed25519 arithmetic is handed out, so the verdict is the same on any path.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PublicKey } from '../integrity/ed25519';
import { checkedKeyOf } from '../integrity/ed25519/public-key';
import { acceleratedVerifier, nativeEd25519 } from '../integrity/ed25519/sodium-native';
import type { Ed25519Verifier } from '../integrity/ed25519/verifier';
import { KeyObjects, messageBound, verifyBatch, writeMessage, writeSignature, type PackedBatch, type SignatureFailure } from './signature-batch';

export type { SignatureFailure } from './signature-batch';

export interface SignatureJob {
  readonly position: number;
  readonly key: PublicKey;
  /** The statement's canonical text; the message is the signing prefix and its UTF-8 bytes. */
  readonly statementText: string;
  /** The signature as recorded (base64url text, attacker-controlled). */
  readonly signature: string;
  /** Keys the actor held before (rotated out): a match says why the signature fails. */
  readonly pastKeys?: readonly PublicKey[];
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

/** Reused for every inline check: a message is written, verified and forgotten. */
let scratch = Buffer.allocUnsafe(1 << 16);
const sigScratch = Buffer.allocUnsafe(64);
/** Made on first use, so the process's environment is read when checks start. */
let inlineVerifier: Ed25519Verifier | undefined;

export function verdictOf(job: SignatureJob): 'ok' | SignatureFailure['verdict'] {
  if (!writeSignature(job.signature, sigScratch, 0)) return 'bad';
  if (scratch.length < messageBound(job.statementText)) scratch = Buffer.allocUnsafe(messageBound(job.statementText) * 2);
  const message = scratch.subarray(0, writeMessage(job.statementText, scratch, 0));
  const verifier = (inlineVerifier ??= acceleratedVerifier(nativeEd25519()));
  if (verifier.verify(job.key, message, sigScratch)) return 'ok';
  return job.pastKeys?.some((k) => verifier.verify(k, message, sigScratch)) ? 'old_key' : 'bad';
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
 * `threads` counts every thread taking part: 1 checks on the main thread alone; N > 1
 * keeps state validation on the main thread and gives signatures to N - 1 worker
 * threads, the main thread taking batches itself whenever they are all busy. Either way
 * signatures are checked in batches: back to back, Ed25519 verifies ran a few percent
 * faster than one between each event's parsing and rules (measured on the bench export), and
 * a verdict that arrives after later events were checked is sorted back into place
 * (LogVerifier.finish), as the worker threads' verdicts always were.
 */
export function signatureChecker(threads: number): SignatureChecker {
  return new WorkerPoolChecker(Math.max(0, threads - 1));
}

const BATCH = 512;
const MAX_QUEUED_PER_WORKER = 8;

/** Small ids for keys, so a batch names a key in 4 bytes and each thread learns it once. */
export class KeyIds {
  private readonly ids = new WeakMap<PublicKey, number>();
  private next = 0;

  of(key: PublicKey): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(key, id);
    }
    return id;
  }
}

/** A batch being filled on the main thread. */
export class BatchBuilder {
  count = 0;
  readonly positions = new Float64Array(BATCH);
  readonly keyIds = new Uint32Array(BATCH);
  readonly keys = new Map<number, Uint8Array>();
  readonly sigs = Buffer.alloc(BATCH * 64);
  readonly sigOk = new Uint8Array(BATCH);
  readonly offsets = new Uint32Array(BATCH + 1);
  messages = Buffer.allocUnsafe(BATCH * 1024);
  past: (number[] | undefined)[] | undefined;

  add(job: SignatureJob, ids: KeyIds): void {
    const i = this.count++;
    this.positions[i] = job.position;
    this.keyIds[i] = this.idOf(job.key, ids);
    this.sigOk[i] = writeSignature(job.signature, this.sigs, i * 64) ? 1 : 0;
    const at = this.offsets[i]!;
    if (this.messages.length < at + messageBound(job.statementText)) this.grow(at, at + messageBound(job.statementText));
    this.offsets[i + 1] = at + writeMessage(job.statementText, this.messages, at);
    if (job.pastKeys !== undefined) {
      this.past ??= [];
      this.past[i] = job.pastKeys.map((k) => this.idOf(k, ids));
    }
  }

  /** Empties the builder for another batch, keeping its buffers (only once its last pack was used). */
  clear(): void {
    this.count = 0;
    this.keys.clear();
    this.past = undefined;
  }

  /** The packed batch, with the keys `known` (ids the receiver has) does not hold yet. */
  pack(known: Set<number>): PackedBatch {
    const newKeys: { id: number; bytes: Uint8Array }[] = [];
    for (const [id, bytes] of this.keys) {
      if (!known.has(id)) {
        known.add(id);
        newKeys.push({ id, bytes });
      }
    }
    const n = this.count;
    return {
      count: n,
      positions: this.positions.slice(0, n),
      keyIds: this.keyIds.slice(0, n),
      newKeys,
      sigs: this.sigs.subarray(0, n * 64),
      sigOk: this.sigOk.subarray(0, n),
      messages: this.messages.subarray(0, this.offsets[n]),
      offsets: this.offsets.subarray(0, n + 1),
      past: this.past,
    };
  }

  private idOf(key: PublicKey, ids: KeyIds): number {
    const id = ids.of(key);
    if (!this.keys.has(id)) this.keys.set(id, checkedKeyOf(key)!.bytes);
    return id;
  }

  /** Room for `needed` bytes, keeping the `used` bytes written so far. */
  private grow(used: number, needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(needed, this.messages.length * 2));
    this.messages.copy(next, 0, 0, used);
    this.messages = next;
  }
}

interface PoolWorker {
  readonly worker: Worker;
  /** Ids of the keys this worker was sent. */
  readonly known: Set<number>;
  /** Batches sent, and batches whose answer was received. */
  sent: number;
  answered: number;
  /**
   * Batches the worker has finished, counted by the worker itself: the main thread reads
   * it between events, without waiting for the event loop to deliver the answers.
   */
  readonly done: Int32Array;
}

/** Batches a worker has not finished yet. */
const queued = (w: PoolWorker): number => w.sent - Atomics.load(w.done, 0);

/**
 * Batches of jobs go to worker threads; at most a few batches per worker are queued
 * (answers not yet received are bounded by how far the main thread runs between turns
 * of its event loop), so memory stays bounded however long the log is. When every worker has its
 * fill, the main thread checks the batch itself rather than wait: it then does its share
 * of the signature work, and the pipeline uses every thread it was given.
 */
class WorkerPoolChecker implements SignatureChecker {
  private readonly workers: PoolWorker[];
  private readonly ids = new KeyIds();
  private readonly mainKeys = new KeyObjects();
  private readonly mainKnown = new Set<number>();
  private batch = new BatchBuilder();
  private failures: SignatureFailure[] = [];
  private waiters: (() => void)[] = [];
  private error: Error | undefined;

  constructor(count: number) {
    this.workers = Array.from({ length: count }, () => {
      const done = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(join(__dirname, 'signature-worker.js'), { workerData: { done } });
      const entry: PoolWorker = { worker, known: new Set(), sent: 0, answered: 0, done };
      entry.worker.on('message', (m: { failures: SignatureFailure[] }) => this.answered(entry, m.failures));
      entry.worker.on('error', (e) => {
        this.error = e;
        this.wake();
      });
      return entry;
    });
  }

  submit(job: SignatureJob): void {
    this.batch.add(job, this.ids);
    if (this.batch.count >= BATCH) this.flush();
  }

  ready(): Promise<void> | undefined {
    if (this.error) throw this.error;
    return undefined;
  }

  drainFailures(): SignatureFailure[] {
    const out = this.failures;
    this.failures = [];
    return out;
  }

  async finish(): Promise<void> {
    this.flush();
    while (this.workers.some((w) => w.answered < w.sent)) {
      if (this.error) throw this.error;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.error) throw this.error;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  private flush(): void {
    const b = this.batch;
    if (b.count === 0) return;
    let target: PoolWorker | undefined;
    for (const w of this.workers) if (queued(w) < MAX_QUEUED_PER_WORKER && (target === undefined || queued(w) < queued(target))) target = w;
    if (target === undefined) {
      // Checked here and now: the builder's buffers can serve the next batch.
      this.failures.push(...verifyBatch(b.pack(this.mainKnown), this.mainKeys, nativeEd25519()));
      b.clear();
      return;
    }
    this.batch = new BatchBuilder();
    const packed = b.pack(target.known);
    target.sent++;
    // The batch's buffers are handed over, not copied: the builder is not used again.
    const buffers = [packed.positions.buffer, packed.keyIds.buffer, b.sigs.buffer, b.messages.buffer, b.offsets.buffer] as ArrayBuffer[];
    target.worker.postMessage(packed, buffers);
  }

  private answered(worker: PoolWorker, failures: SignatureFailure[]): void {
    worker.answered++;
    this.failures.push(...failures);
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
