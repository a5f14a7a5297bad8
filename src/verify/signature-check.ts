// Actor signatures, checked on the main thread or spread over worker threads. The
// verifier decides, in log order, which key each statement must verify under; only
// the Ed25519 arithmetic is handed out, so the verdict is the same on any path. The
// threads are the signature pool's (src/integrity/signature-pool), the one the service
// uses too; this file only decides how the verifier fills and waits for its batches.
import { availableParallelism } from 'node:os';
import { acceleratedVerifier, nativeEd25519 } from '../integrity/ed25519/sodium-native';
import type { Ed25519Verifier } from '../integrity/ed25519/verifier';
import { messageBound, writeMessage, writeSignature, type BatchBuilder, type SignatureFailure, type SignatureJob } from '../integrity/signature-pool/batch';
import { SignaturePool } from '../integrity/signature-pool/pool';

export type { SignatureFailure, SignatureJob } from '../integrity/signature-pool/batch';

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
 * At most this many batches wait on a worker (answers not yet received are bounded by
 * how far the main thread runs between turns of its event loop), so memory stays
 * bounded however long the log is.
 */
const MAX_QUEUED_PER_WORKER = 8;

/**
 * `threads` counts every thread taking part: 1 checks on the main thread alone; N > 1
 * keeps state validation on the main thread and gives signatures to N - 1 worker
 * threads, the main thread taking batches itself whenever they all have their fill: it
 * then does its share of the signature work, and the pipeline uses every thread it was
 * given. Either way signatures are checked in batches: back to back, Ed25519 verifies ran
 * a few percent faster than one between each event's parsing and rules (measured on the
 * bench export), and a verdict that arrives after later events were checked is sorted
 * back into place (LogVerifier.finish), as the worker threads' verdicts always were.
 * Native libsodium confirms signatures where it loads, on every thread.
 */
export function signatureChecker(threads: number): SignatureChecker {
  return new PooledChecker(Math.max(0, threads - 1));
}

class PooledChecker implements SignatureChecker {
  private readonly pool: SignaturePool;
  private readonly batch: BatchBuilder;
  private failures: SignatureFailure[] = [];
  /** Batches handed to the pool and not answered yet. */
  private pending = 0;
  private waiters: (() => void)[] = [];

  constructor(workers: number) {
    this.pool = new SignaturePool(workers, { maxQueuedPerWorker: MAX_QUEUED_PER_WORKER, nativeFirst: true });
    this.batch = this.pool.builder();
  }

  submit(job: SignatureJob): void {
    // Refused on its bytes (not strict base64url, not 64 bytes, S >= L): bad under any key.
    if (!this.batch.add(job)) this.failures.push({ position: job.position, verdict: 'bad' });
    else if (this.batch.full) this.flush();
  }

  ready(): Promise<void> | undefined {
    return undefined;
  }

  drainFailures(): SignatureFailure[] {
    const out = this.failures;
    this.failures = [];
    return out;
  }

  async finish(): Promise<void> {
    this.flush();
    while (this.pending > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private flush(): void {
    if (this.batch.count === 0) return;
    this.pending++;
    this.pool.run(this.batch, (failures) => {
      this.pending--;
      this.failures.push(...failures);
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    });
  }
}
