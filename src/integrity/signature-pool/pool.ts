// The one Ed25519 worker pool, for the service's statement checks and for `writ verify`.
// Batches (batch.ts) go to worker threads (worker.ts), each to the worker with the
// fewest unfinished; the main thread checks a batch itself when no worker can take it
// (none allowed, every one at its limit, or the pool closed). The verdict is the same on
// either thread: the same code (verify-batch.ts) runs on both.
//
// No verdict is lost with a worker. A batch is sent as a copy and kept until the worker
// answers it: a worker that dies (exits, throws) or hangs (makes no progress for
// `hangTimeoutMs` with batches outstanding) is terminated, the batches it held are
// checked on the main thread, in the order sent, and it is replaced, `maxRespawns`
// times at most; after that every batch is checked on the main thread.
import { Worker } from 'node:worker_threads';
import { nativeEd25519, type NativeEd25519 } from '../ed25519/sodium-native';
import { moduleBeside, threadExecArgv } from '../worker-thread';
import { BatchBuilder, type PackedBatch, type SignatureFailure } from './batch';
import { KeyRegistry } from './keys';
import { verifyBatch } from './verify-batch';
import type { BatchRequest, SignatureWorkerData } from './worker';

export interface SignaturePoolOptions {
  /**
   * Batches a worker may have unfinished before it takes no more: the next batch is then
   * checked on the main thread (default: no limit, every batch goes to a worker).
   */
  readonly maxQueuedPerWorker?: number;
  /**
   * Confirm signatures with native libsodium where it loads (sodium-native.ts), OpenSSL
   * judging what it refuses; false: OpenSSL alone (default). The verdict is the same.
   */
  readonly nativeFirst?: boolean;
  /** Replacements after worker deaths before checking only on the main thread (default 8). */
  readonly maxRespawns?: number;
  /**
   * A worker with batches outstanding that makes no progress this long hangs: it is
   * terminated and its batches are checked here (default 30 s; a batch takes milliseconds).
   */
  readonly hangTimeoutMs?: number;
  /** The worker's module file (tests give one that dies or hangs); worker.ts beside this file by default. */
  readonly workerModule?: string;
  readonly onWorkerDeath?: (error: Error) => void;
}

export type Answered = (failures: SignatureFailure[]) => void;

interface Slot {
  readonly worker: Worker;
  /** Ids of the keys this worker was sent. */
  readonly known: Set<number>;
  /** Batches sent and not answered, by id, in the order sent (a copy, to check here should the worker die). */
  readonly inFlight: Map<number, { readonly batch: PackedBatch; readonly answered: Answered }>;
  /** Batches finished, counted by the worker itself: read without waiting for its answers. */
  readonly done: Int32Array;
  sent: number;
  /** The worker's last sign of progress (performance.now()): a batch sent to it idle, finished or answered. */
  progressAt: number;
  lastDone: number;
}

const DEFAULT_HANG_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPAWNS = 8;

/** Batches a worker has not finished yet. */
const unfinished = (slot: Slot): number => slot.sent - Atomics.load(slot.done, 0);

export class SignaturePool {
  /** Numbers this pool's keys; the main thread's KeyObjects learn every key. */
  readonly keys = new KeyRegistry();
  private readonly slots: Slot[] = [];
  private readonly maxQueued: number;
  private readonly hangTimeoutMs: number;
  private readonly maxRespawns: number;
  private readonly workerModule: string;
  private mainEngine: NativeEd25519 | null | undefined;
  private nextId = 0;
  private respawns = 0;
  private closed = false;
  private watchdog: NodeJS.Timeout | undefined;

  /** `threads`: worker threads at most (0: every batch on the main thread). */
  constructor(
    private readonly threads: number,
    private readonly options: SignaturePoolOptions = {},
  ) {
    this.maxQueued = options.maxQueuedPerWorker ?? Infinity;
    this.hangTimeoutMs = options.hangTimeoutMs ?? DEFAULT_HANG_TIMEOUT_MS;
    this.maxRespawns = options.maxRespawns ?? DEFAULT_MAX_RESPAWNS;
    this.workerModule = options.workerModule ?? moduleBeside(__filename, 'worker');
  }

  /** An empty batch for this pool (its keys are numbered by this pool). */
  builder(): BatchBuilder {
    return new BatchBuilder(this.keys);
  }

  /**
   * Checks `batch` on a worker, or here when none can take it, and empties it (it can be
   * filled again at once). `answered` gets the failures: before run returns when checked
   * here, later otherwise.
   */
  run(batch: BatchBuilder, answered: Answered): void {
    if (batch.count === 0) return answered([]);
    const slot = this.closed ? undefined : this.withRoom();
    if (slot === undefined) {
      const failures = this.checkHere(batch.view());
      batch.clear();
      return answered(failures);
    }
    const copy = batch.copyFor(slot.known);
    batch.clear();
    const id = this.nextId++;
    if (slot.inFlight.size === 0) {
      slot.worker.ref();
      slot.progressAt = performance.now();
    }
    slot.inFlight.set(id, { batch: copy, answered });
    slot.sent++;
    this.watchdog ??= setInterval(() => this.findHungWorkers(), Math.min(1000, this.hangTimeoutMs / 2)).unref();
    // Not transferred: the copy stays here until answered. Cloning it costs a memcpy,
    // next to nothing beside the verifies it carries.
    slot.worker.postMessage({ id, batch: copy } satisfies BatchRequest);
  }

  /** Batches on workers, not answered yet. */
  get inFlight(): number {
    let n = 0;
    for (const slot of this.slots) n += slot.inFlight.size;
    return n;
  }

  /** Answers every batch outstanding (checked here), ends the workers; later batches are checked here. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    const slots = this.slots.splice(0);
    for (const slot of slots) this.checkOutstandingHere(slot);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private checkHere(batch: PackedBatch): SignatureFailure[] {
    if (this.mainEngine === undefined) this.mainEngine = (this.options.nativeFirst === true ? nativeEd25519() : undefined) ?? null;
    return verifyBatch(batch, this.keys.objects, this.mainEngine ?? undefined);
  }

  /** The worker with the fewest unfinished batches, if one has room; starts workers up to `threads`. */
  private withRoom(): Slot | undefined {
    while (this.slots.length < this.threads && this.respawns <= this.maxRespawns) {
      const slot = this.spawn();
      if (slot === undefined) break;
      this.slots.push(slot);
    }
    let best: Slot | undefined;
    let fewest = this.maxQueued;
    for (const slot of this.slots) {
      const n = unfinished(slot);
      if (n < fewest) {
        best = slot;
        fewest = n;
      }
    }
    return best;
  }

  private spawn(): Slot | undefined {
    const done = new Int32Array(new SharedArrayBuffer(4));
    const workerData: SignatureWorkerData = { done, nativeFirst: this.options.nativeFirst === true };
    let worker: Worker;
    try {
      const execArgv = threadExecArgv(this.workerModule);
      worker = new Worker(this.workerModule, { workerData, ...(execArgv === undefined ? {} : { execArgv }) });
    } catch (error) {
      this.died(undefined, error as Error);
      return undefined;
    }
    // Unreferenced while idle, so an idle pool never keeps a process alive.
    worker.unref();
    const slot: Slot = { worker, known: new Set(), inFlight: new Map(), done, sent: 0, progressAt: performance.now(), lastDone: 0 };
    worker.on('message', (m: { id: number; failures: SignatureFailure[] }) => {
      const sent = slot.inFlight.get(m.id);
      if (sent === undefined) return;
      slot.inFlight.delete(m.id);
      slot.progressAt = performance.now();
      if (slot.inFlight.size === 0) worker.unref();
      sent.answered(m.failures);
    });
    worker.on('error', (error) => this.died(slot, error));
    worker.on('exit', (code) => {
      if (!this.closed) this.died(slot, new Error(`signature worker exited with code ${code}`));
    });
    return slot;
  }

  /**
   * A worker hangs when it has batches outstanding and neither finished nor answered one
   * for hangTimeoutMs. Progress is read from its own counter too, so a main thread that
   * ran long without reading messages does not take a busy worker for a stuck one.
   */
  private findHungWorkers(): void {
    const now = performance.now();
    for (const slot of [...this.slots]) {
      const done = Atomics.load(slot.done, 0);
      if (done !== slot.lastDone) {
        slot.lastDone = done;
        slot.progressAt = now;
      } else if (slot.inFlight.size > 0 && now - slot.progressAt > this.hangTimeoutMs) {
        this.died(slot, new Error(`signature worker did not answer within ${this.hangTimeoutMs} ms`));
      }
    }
  }

  private died(slot: Slot | undefined, error: Error): void {
    if (slot !== undefined) {
      const at = this.slots.indexOf(slot);
      if (at < 0) return; // 'error' is followed by 'exit': handled once
      this.slots.splice(at, 1);
      this.checkOutstandingHere(slot);
      void slot.worker.terminate();
    }
    this.respawns++;
    this.options.onWorkerDeath?.(error);
  }

  /** A dead or closing worker's outstanding batches, checked on this thread, in the order sent. */
  private checkOutstandingHere(slot: Slot): void {
    const outstanding = [...slot.inFlight.values()];
    slot.inFlight.clear();
    for (const { batch, answered } of outstanding) answered(this.checkHere(batch));
  }
}
