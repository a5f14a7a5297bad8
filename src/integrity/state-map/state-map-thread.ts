// The state map on a thread of its own (state-map-worker.ts), for a ledger whose map is
// large. The writer sends each commit batch's changed records as soon as the batch is
// folded, before its durable write, and asks for the root when it signs the batch's
// checkpoint: by then the other core has hashed the batch, and the writer's own thread
// neither hashes the map nor holds it (its nodes, their hashes and their garbage stay on
// the other thread's heap and caches). Bench row "signed appends, runtime alone in
// process" (docs/evidence-bundle.md has the figures).
//
// The root is asked for synchronously (a checkpoint is signed in the middle of a commit
// and of a read): the answers come back on a MessagePort read without the event loop
// (receiveMessageOnPort), and the worker counts them in shared memory, which this thread
// waits on. A thread that makes no progress for `stallMs` while a root is awaited is
// taken for dead: rootAt returns undefined, and the caller keeps the map itself again.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { moduleBeside, threadExecArgv } from '../worker-thread';
import { ANSWERED, HASHED, type StateMapAnswer, type StateMapRequest, type StateMapWorkerData } from './state-map-messages';

export interface StateMapThreadOptions {
  /** How long a root may be awaited with the thread hashing nothing (default 10 s). */
  readonly stallMs?: number;
  /** The worker's module (tests give one that dies); state-map-worker beside this file by default. */
  readonly workerModule?: string;
}

const DEFAULT_STALL_MS = 10_000;

export class StateMapThread {
  private readonly worker: Worker;
  private readonly answers: MessagePort;
  private readonly progress = new Int32Array(new SharedArrayBuffer(8));
  private readonly stallMs: number;
  /** Roots answered and not yet asked for, by the size they were sent for. */
  private readonly roots = new Map<number, Uint8Array>();
  private dead = false;

  constructor(options: StateMapThreadOptions = {}) {
    this.stallMs = options.stallMs ?? DEFAULT_STALL_MS;
    const file = options.workerModule ?? moduleBeside(__filename, 'state-map-worker');
    const { port1, port2 } = new MessageChannel();
    this.answers = port1;
    const workerData: StateMapWorkerData = { port: port2, progress: this.progress };
    const execArgv = threadExecArgv(file);
    this.worker = new Worker(file, { workerData, transferList: [port2], ...(execArgv === undefined ? {} : { execArgv }) });
    // Never what keeps a process alive: the ledger closes it, and a process may end first.
    this.worker.unref();
    this.worker.on('error', () => {
      this.dead = true;
    });
    this.worker.on('exit', () => {
      this.dead = true;
    });
  }

  /** Sends the records (names `<kind>:<id>`, texts their JCS) that make the map's state at log size `size`. */
  send(size: number, names: readonly string[], texts: readonly string[]): void {
    this.post({ size, names, texts });
  }

  /** Forgets every record sent (the ledger rebuilds its memory from the store). */
  reset(): void {
    this.roots.clear();
    this.post({ reset: true });
  }

  /**
   * The root after the records sent for `size` (which must have been sent), waiting for
   * the thread if need be; undefined once the thread is dead or stalled.
   */
  rootAt(size: number): Uint8Array | undefined {
    let stallFrom = performance.now();
    let hashed = Atomics.load(this.progress, HASHED);
    for (;;) {
      const answered = Atomics.load(this.progress, ANSWERED);
      for (let m = receiveMessageOnPort(this.answers); m !== undefined; m = receiveMessageOnPort(this.answers)) {
        const { size: at, root } = m.message as StateMapAnswer;
        this.roots.set(at, root);
      }
      const root = this.roots.get(size);
      if (root !== undefined) {
        for (const at of this.roots.keys()) if (at < size) this.roots.delete(at);
        return root;
      }
      if (this.dead) return undefined;
      const now = Atomics.load(this.progress, HASHED);
      if (now !== hashed) {
        hashed = now;
        stallFrom = performance.now();
      } else if (performance.now() - stallFrom > this.stallMs) {
        this.close();
        return undefined;
      }
      Atomics.wait(this.progress, ANSWERED, answered, 50);
    }
  }

  close(): void {
    this.dead = true;
    this.answers.close();
    void this.worker.terminate();
  }

  private post(request: StateMapRequest): void {
    if (!this.dead) this.worker.postMessage(request);
  }
}
