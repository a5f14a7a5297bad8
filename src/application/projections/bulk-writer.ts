// A rebuild's SQL on a second thread. Evolving the rows and writing them to SQLite each
// take about half of a bulk load; the writer thread inserts one chunk of rows while the
// projection evolves the next, so a rebuild uses two cores (it is a batch job, run while
// the service is stopped or before it serves). Rows cross as plain arrays of values
// (structured clone: about 1 µs an event on each side, measured; JSON text cost more),
// and are bound exactly as the same INSERT on the main thread would bind them.
//
// Ordering is the message order. commit() ends a page's transaction without waiting for
// it, so the thread writes page N while the projection evolves page N + 1; it waits only
// for page N - 1, which bounds the rows queued in memory to about two pages. sync()
// commits and blocks (Atomics.wait) until the thread has written everything sent, so the
// caller may then read the file with its own connection, and learns of any failure there.
// The thread's code is the module bulk-writer-thread.ts.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { moduleBeside, threadExecArgv } from '../../integrity/worker-thread';
import type { WriterData, WriterMessage } from './bulk-writer-thread';

/** The writer a bulk load sends its rows to; unset when the load is finished (rows are written inline again). */
export interface WriterRef {
  current: BulkWriter | undefined;
}

export class BulkWriter {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly replies = new MessageChannel();
  private seq = 0;
  private closed = false;
  /** Something was sent since the last sync. */
  private dirty = false;

  constructor(path: string, pragmas: readonly string[]) {
    const thread = moduleBeside(__filename, 'bulk-writer-thread');
    const execArgv = threadExecArgv(thread);
    const workerData: WriterData = { path, pragmas, state: this.state.buffer as SharedArrayBuffer, replies: this.replies.port2 };
    this.worker = new Worker(thread, { workerData, transferList: [this.replies.port2], ...(execArgv === undefined ? {} : { execArgv }) });
    // Nothing in the process waits on the thread but commit() and sync(): it must not keep Node alive.
    this.worker.unref();
    this.replies.port1.unref();
  }

  /** Queues rows (one after another in `values`, in `columns` order), inserted `chunk` rows per statement. */
  rows(table: string, columns: readonly string[], values: readonly unknown[], chunk: number): void {
    this.post({ t: 'rows', table, columns, values, chunk });
  }

  /** Queues one statement. */
  run(sql: string, params: readonly unknown[]): void {
    this.post({ t: 'run', sql, params });
  }

  /** Queues DDL (run outside the rows' transaction). */
  exec(sql: string): void {
    this.post({ t: 'exec', sql });
  }

  /**
   * Commits everything queued without waiting for it; waits for the commit before it, so
   * at most one page is being written while the caller evolves the next. Throws what
   * failed there (a failure in the page still being written is thrown by a later call).
   */
  commit(): void {
    if (!this.dirty) return this.throwIfFailed();
    this.post({ t: 'commit', seq: ++this.seq });
    this.dirty = false;
    this.wait(this.seq - 1);
  }

  /** Commits everything queued and waits until it is in the file; throws what failed there. */
  sync(): void {
    if (this.dirty) {
      this.post({ t: 'commit', seq: ++this.seq });
      this.dirty = false;
    }
    this.wait(this.seq);
  }

  /** Commits, closes the thread's connection and ends the thread. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.worker.postMessage({ t: 'close', seq: ++this.seq });
      this.wait(this.seq);
    } finally {
      void this.worker.terminate();
      this.replies.port1.close();
    }
  }

  private post(message: WriterMessage): void {
    if (this.closed) throw new Error('read models: the bulk writer is closed');
    this.throwIfFailed();
    this.worker.postMessage(message);
    this.dirty = true;
  }

  private wait(seq: number): void {
    while (Atomics.load(this.state, 0) < seq && Atomics.load(this.state, 1) === 0) {
      Atomics.wait(this.state, 0, Atomics.load(this.state, 0), 1000);
    }
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (Atomics.load(this.state, 1) === 0) return;
    const reply = receiveMessageOnPort(this.replies.port1)?.message as { error?: string } | undefined;
    this.failure ??= new Error(`read models: the bulk writer failed: ${reply?.error ?? 'unknown error'}`);
    throw this.failure;
  }

  private failure: Error | undefined;
}
