// Checking actors' statement signatures, on the calling thread or on worker threads.
// Both paths give nodeVerifier's verdict (docs/ed25519-policy.md): the main thread
// applies the byte-level policy (strict base64url, 64 bytes, S < L, a key that passed
// checkPublicKey) as it builds a batch, and only the Ed25519 equation is handed to the
// signature pool's workers (src/integrity/signature-pool, the pool `writ verify` uses).
// Both ask native libsodium first where it loads and OpenSSL about whatever it refuses
// (acceleratedVerifier's rule): libsodium's yes is the policy's yes, at about half
// OpenSSL's CPU, and every decision or append pays one such verify (bench: authzen,
// the signature worker's share of the service CPU per decision).
//
// Checks asked for in one turn of the event loop are sent together, in a few batches
// (one message each), so messaging stays cheap, and the committer can seal the first
// batch's statements while a worker is still verifying the next. What the pool does
// when a worker dies or hangs (its batches are checked here, it is replaced) keeps every
// verdict.
import { availableParallelism } from 'node:os';
import { fromBase64Url } from '../../integrity/bytes';
import type { PublicKey } from '../../integrity/ed25519';
import { acceleratedVerifier, nativeEd25519 } from '../../integrity/ed25519/sodium-native';
import type { Ed25519Verifier } from '../../integrity/ed25519/verifier';
import { BATCH_CAPACITY, type BatchBuilder, type SignatureFailure } from '../../integrity/signature-pool/batch';
import { SignaturePool, type SignaturePoolOptions } from '../../integrity/signature-pool/pool';
import { signingMessage } from '../../integrity/statement';

export type Verdict = (verified: boolean) => void;

export interface StatementSignatures {
  /**
   * Checks `signature` over the canonical statement `text` under `key` and calls `done`
   * with the verdict: before returning when checked on this thread, later otherwise
   * (not necessarily in the order asked: the runtime keeps submission order itself).
   * `alone`: the caller knows of no other work in progress (the committer is idle), so
   * a worker's round trip would only add latency.
   */
  check(key: PublicKey, text: string, signature: string, done: Verdict, alone?: boolean): void;
  /** Checks asked for and not yet answered (a worker pool's queue; 0 when checked inline). */
  readonly depth?: number;
  close(): Promise<void>;
}

/** Made on first use, so that the process's environment (WRIT_NATIVE_SODIUM) is read when checks start. */
let hereVerifier: Ed25519Verifier | undefined;

/** The whole check on this thread: verifyStatementSignature's verdict, libsodium first where it loads. */
export function verifyHere(key: PublicKey, text: string, signature: string): boolean {
  const sig = fromBase64Url(signature);
  return sig !== undefined && sig.length === 64 && (hereVerifier ??= acceleratedVerifier(nativeEd25519())).verify(key, signingMessage(text), sig);
}

export const inlineSignatures: StatementSignatures = Object.freeze({
  check(key: PublicKey, text: string, signature: string, done: Verdict): void {
    done(verifyHere(key, text, signature));
  },
  close: () => Promise.resolve(),
});

export interface PoolOptions extends Pick<SignaturePoolOptions, 'maxRespawns' | 'hangTimeoutMs' | 'workerModule' | 'onWorkerDeath'> {
  /**
   * Checks per batch (a batch is answered as a whole; at most BATCH_CAPACITY). By default
   * each flush is cut into one part per worker plus one, so that the committer can seal
   * and write the first part while the workers check the rest, with as few messages (and
   * thread wake-ups, costly on a loaded machine) as that allows.
   */
  readonly chunk?: number;
  /**
   * Check on the calling thread a statement that comes alone (see check) while no check
   * is outstanding (default true): it is answered sooner than a round trip allows.
   */
  readonly inlineWhenIdle?: boolean;
}

/**
 * `threads` counts worker threads; 0 checks on the calling thread. The default keeps
 * one core for the main thread (decide, seal, commit) and gives the others, at most
 * four, to signatures: on one core a worker would only add messaging.
 */
export function statementSignatures(threads: number = defaultSignatureThreads(), options: PoolOptions = {}): StatementSignatures {
  return threads <= 0 ? inlineSignatures : new PooledSignatures(threads, options);
}

export function defaultSignatureThreads(): number {
  return Math.min(4, availableParallelism() - 1);
}

/** Below this, a message's cost is no longer small beside the checks it carries. */
const MIN_CHUNK = 8;

interface Job {
  readonly key: PublicKey;
  readonly text: string;
  readonly signature: string;
  readonly done: Verdict;
}

class PooledSignatures implements StatementSignatures {
  private readonly pool: SignaturePool;
  private readonly batch: BatchBuilder;
  private waiting: Job[] = [];
  private flushing = false;
  private checkedHereThisTurn = false;
  private outstanding = 0;
  private closed = false;
  private readonly inlineWhenIdle: boolean;

  constructor(
    private readonly threads: number,
    private readonly options: PoolOptions,
  ) {
    this.inlineWhenIdle = options.inlineWhenIdle ?? true;
    // No limit of batches per worker (none is checked here while workers live): the main
    // thread seals and commits while the workers check. libsodium first, as verifyHere.
    const { maxRespawns, hangTimeoutMs, workerModule, onWorkerDeath } = options;
    this.pool = new SignaturePool(threads, { maxRespawns, hangTimeoutMs, workerModule, onWorkerDeath, nativeFirst: true });
    this.batch = this.pool.builder();
  }

  check(key: PublicKey, text: string, signature: string, done: Verdict, alone = false): void {
    if (this.closed || (alone && this.mayCheckHere())) return done(verifyHere(key, text, signature));
    this.outstanding++;
    this.waiting.push({ key, text, signature, done });
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => this.flush());
    }
  }

  /**
   * One check per turn of the event loop may run here while the workers are idle: a
   * lone statement then skips the round trip, but a burst goes to the workers, not one
   * by one to this thread. Callers say `alone` only when statements come one at a
   * time: in a burst, a statement checked here would be committed in a batch of its
   * own (one more fsync) instead of with the rest.
   */
  private mayCheckHere(): boolean {
    if (!this.inlineWhenIdle || this.outstanding > 0 || this.checkedHereThisTurn) return false;
    this.checkedHereThisTurn = true;
    setImmediate(() => {
      this.checkedHereThisTurn = false;
    });
    return true;
  }

  /** Checks asked for and not yet answered: waiting to be sent, or on a worker. */
  get depth(): number {
    return this.outstanding;
  }

  async close(): Promise<void> {
    this.closed = true;
    // The pool closes first (what its workers hold is answered here at once), so what
    // is still waiting is checked here too rather than sent to a worker being ended.
    const closing = this.pool.close();
    this.flush();
    await closing;
  }

  private flush(): void {
    this.flushing = false;
    const jobs = this.waiting;
    if (jobs.length === 0) return;
    this.waiting = [];
    const chunk = Math.min(BATCH_CAPACITY, this.options.chunk ?? Math.max(MIN_CHUNK, Math.ceil(jobs.length / (this.threads + 1))));
    for (let from = 0; from < jobs.length; from += chunk) this.send(jobs.slice(from, from + chunk));
  }

  private send(jobs: readonly Job[]): void {
    const sent: Job[] = [];
    for (const job of jobs) {
      // A job the policy refuses on its bytes is answered here and never sent.
      if (this.batch.add({ position: sent.length, key: job.key, statementText: job.text, signature: job.signature })) sent.push(job);
      else this.answer(job, false);
    }
    this.pool.run(this.batch, (failures) => this.answered(sent, failures));
  }

  private answered(jobs: readonly Job[], failures: readonly SignatureFailure[]): void {
    const failed = new Uint8Array(jobs.length);
    for (const f of failures) failed[f.position] = 1;
    for (let i = 0; i < jobs.length; i++) this.answer(jobs[i]!, failed[i] === 0);
  }

  private answer(job: Job, verified: boolean): void {
    this.outstanding--;
    job.done(verified);
  }
}
