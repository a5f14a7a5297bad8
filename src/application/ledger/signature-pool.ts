// Signature checks on worker threads. Checks asked for in one turn of the event loop
// are sent together, in chunks (one postMessage each, the signature bytes transferred),
// so messaging stays cheap, and the committer can seal the first chunk's statements
// while the worker is still verifying the next. A worker that dies takes no verdict
// with it: its outstanding checks are done on the main thread, and it is replaced. One
// that stops answering (hangs) is treated as dead after `hangTimeoutMs`, so a stuck
// thread cannot hold appends waiting for ever.
import { Worker } from 'node:worker_threads';
import type { PublicKey } from '../../integrity/ed25519';
import { STATEMENT_SIGNING_PREFIX } from '../../integrity/statement';
import { SIGNATURE_WORKER_SOURCE } from './signature-worker-source';
import { hasIdentityR } from '../../integrity/ed25519/signature-shape';
import { prepareCheck, verifyHere, type StatementSignatures, type Verdict } from './statement-signatures';

export interface PoolOptions {
  /**
   * Checks per message (a chunk is answered as a whole). By default each flush is cut
   * into one part per worker plus one, so that the committer can seal and write the
   * first part while the workers check the rest, with as few messages (and thread
   * wake-ups, costly on a loaded machine) as that allows.
   */
  readonly chunk?: number;
  /**
   * Check on the calling thread a statement that comes alone (see check) while no check
   * is outstanding (default true): it is answered sooner than a round trip allows.
   */
  readonly inlineWhenIdle?: boolean;
  /** Replacements after worker deaths before checking only on the main thread (default 8). */
  readonly maxRespawns?: number;
  /**
   * A chunk unanswered this long means the worker hangs: it is terminated and its checks
   * are done here (default 30 s; a chunk normally takes milliseconds).
   */
  readonly hangTimeoutMs?: number;
  /** The worker's code (tests give one that dies); SIGNATURE_WORKER_SOURCE by default. */
  readonly source?: string;
  readonly onWorkerDeath?: (error: Error) => void;
}

/** Below this, a message's cost is no longer small beside the checks it carries. */
const MIN_CHUNK = 8;

interface Job {
  readonly key: PublicKey;
  readonly text: string;
  readonly signature: string;
  readonly keyId: string;
  readonly sig: Uint8Array;
  readonly done: Verdict;
}

interface Slot {
  readonly worker: Worker;
  /** Chunks sent and not answered, by id, in the order sent. */
  readonly inFlight: Map<number, Job[]>;
  /** When each chunk in flight was sent (performance.now()), by id. */
  readonly sentAt: Map<number, number>;
}

const DEFAULT_HANG_TIMEOUT_MS = 30_000;

export class SignaturePool implements StatementSignatures {
  private readonly slots: Slot[] = [];
  private waiting: Job[] = [];
  private flushing = false;
  private checkedHereThisTurn = false;
  private outstanding = 0;
  private nextId = 0;
  private respawns = 0;
  private closed = false;
  private readonly chunk: number | undefined;
  private readonly inlineWhenIdle: boolean;
  private readonly hangTimeoutMs: number;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(
    private readonly threads: number,
    private readonly options: PoolOptions = {},
  ) {
    this.chunk = options.chunk;
    this.inlineWhenIdle = options.inlineWhenIdle ?? true;
    this.hangTimeoutMs = options.hangTimeoutMs ?? DEFAULT_HANG_TIMEOUT_MS;
  }

  check(key: PublicKey, text: string, signature: string, done: Verdict, alone = false): void {
    if (this.closed || (alone && this.mayCheckHere())) return done(verifyHere(key, text, signature));
    const prepared = prepareCheck(key, signature);
    if (prepared === undefined) return done(false);
    // The worker asks OpenSSL alone; the few signatures it would judge differently from
    // the policy on some Node versions are checked here (hasIdentityR).
    if (hasIdentityR(prepared.sig)) return done(verifyHere(key, text, signature));
    this.outstanding++;
    this.waiting.push({ key, text, signature, keyId: prepared.key, sig: prepared.sig, done });
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
    clearInterval(this.watchdog);
    this.flush();
    const slots = this.slots.splice(0);
    for (const slot of slots) this.checkHere(slot);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private flush(): void {
    this.flushing = false;
    const jobs = this.waiting;
    if (jobs.length === 0) return;
    this.waiting = [];
    const chunk = this.chunk ?? Math.max(MIN_CHUNK, Math.ceil(jobs.length / (this.threads + 1)));
    for (let from = 0; from < jobs.length; from += chunk) this.send(jobs.slice(from, from + chunk));
  }

  private send(jobs: Job[]): void {
    const slot = this.closed ? undefined : this.leastBusy();
    if (slot === undefined) return this.answer(jobs, undefined);
    const sigs = new Uint8Array(jobs.length * 64);
    const keys: string[] = [];
    const texts: string[] = [];
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i]!;
      sigs.set(job.sig, i * 64);
      keys.push(job.keyId);
      texts.push(job.text);
    }
    const id = this.nextId++;
    slot.inFlight.set(id, jobs);
    slot.sentAt.set(id, performance.now());
    if (slot.inFlight.size === 1) slot.worker.ref();
    this.watchdog ??= setInterval(() => this.findHungWorkers(), Math.min(1000, this.hangTimeoutMs / 2)).unref();
    slot.worker.postMessage({ id, keys, texts, sigs }, [sigs.buffer]);
  }

  /** A worker answers its chunks in order, so its oldest unanswered chunk tells whether it hangs. */
  private findHungWorkers(): void {
    const now = performance.now();
    for (const slot of [...this.slots]) {
      const oldest = slot.sentAt.values().next();
      if (!oldest.done && now - oldest.value > this.hangTimeoutMs) {
        this.died(slot, new Error(`signature worker did not answer within ${this.hangTimeoutMs} ms`));
      }
    }
  }

  /** `ok`: the worker's verdicts; undefined: check here (no worker, or it died). */
  private answer(jobs: readonly Job[], ok: Uint8Array | undefined): void {
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i]!;
      this.outstanding--;
      job.done(ok === undefined ? verifyHere(job.key, job.text, job.signature) : ok[i] === 1);
    }
  }

  private leastBusy(): Slot | undefined {
    while (this.slots.length < this.threads && this.respawns <= (this.options.maxRespawns ?? 8)) {
      const slot = this.spawn();
      if (slot === undefined) break;
      this.slots.push(slot);
    }
    let best: Slot | undefined;
    for (const slot of this.slots) if (best === undefined || slot.inFlight.size < best.inFlight.size) best = slot;
    return best;
  }

  private spawn(): Slot | undefined {
    let worker: Worker;
    try {
      worker = new Worker(this.options.source ?? SIGNATURE_WORKER_SOURCE, { eval: true, workerData: { prefix: STATEMENT_SIGNING_PREFIX } });
    } catch (error) {
      this.died(undefined, error as Error);
      return undefined;
    }
    // Unreferenced while idle, so an idle pool never keeps a process alive.
    worker.unref();
    const slot: Slot = { worker, inFlight: new Map(), sentAt: new Map() };
    worker.on('message', (m: { id: number; ok: Uint8Array }) => {
      const jobs = slot.inFlight.get(m.id);
      if (jobs === undefined) return;
      // Answered in the order sent: a worker handles its messages one after another.
      slot.inFlight.delete(m.id);
      slot.sentAt.delete(m.id);
      if (slot.inFlight.size === 0) worker.unref();
      this.answer(jobs, m.ok);
    });
    worker.on('error', (error) => this.died(slot, error));
    worker.on('exit', (code) => {
      if (!this.closed) this.died(slot, new Error(`signature worker exited with code ${code}`));
    });
    return slot;
  }

  private died(slot: Slot | undefined, error: Error): void {
    if (slot !== undefined) {
      const at = this.slots.indexOf(slot);
      if (at < 0) return; // 'error' is followed by 'exit': handled once
      this.slots.splice(at, 1);
      this.checkHere(slot);
      void slot.worker.terminate();
    }
    this.respawns++;
    this.options.onWorkerDeath?.(error);
  }

  /** A dead or closing worker's outstanding checks, done on this thread, in order. */
  private checkHere(slot: Slot): void {
    const chunks = [...slot.inFlight.values()];
    slot.inFlight.clear();
    slot.sentAt.clear();
    for (const jobs of chunks) this.answer(jobs, undefined);
  }
}
