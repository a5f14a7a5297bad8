// Keeps the projections in step with the global log: on start it catches up from the
// position it remembers, then applies each committed batch the ledger announces. Live
// batches that arrive while catching up are queued, so nothing is missed or applied twice.
import type { RecordedEvent } from '../../domain';
import { ProjectionStore } from './projection-store';
import { lastAppliedDiffers } from './read-model-binding';
import { inChildSpan } from '../tracing/spans';

/** Where committed events come from: the running ledger, or a store being replayed. */
export interface LogSource {
  /** Registers a listener for committed batches, in commit order. */
  onEvents(listener: (events: readonly RecordedEvent[]) => void): void;
  /** Events from a position, in order (fewer at the end of the log). */
  readFrom(position: number, limit: number): Promise<readonly RecordedEvent[]>;
}

export const READ_MODELS = Symbol('ReadModels');
export const DEFAULT_WAIT_MS = 5000;

export class ReadModels {
  private readonly waiters = new Set<() => void>();
  private queue: (readonly RecordedEvent[])[] = [];
  private catchingUp = false;
  private failure: Error | undefined;

  constructor(
    readonly store: ProjectionStore,
    readonly options: { readonly waitMs?: number } = {},
  ) {}

  /** The last global position the read models applied (-1 before genesis). */
  get position(): number {
    return this.store.position;
  }

  get broken(): Error | undefined {
    return this.failure;
  }

  /** Follows `source`: catches up from the remembered position, then applies live batches. */
  async follow(source: LogSource, pageSize = 1000): Promise<void> {
    this.catchingUp = true;
    source.onEvents((events) => this.live(events));
    try {
      await this.catchUp(source, pageSize);
    } finally {
      this.catchingUp = false;
    }
    this.drain(source);
  }

  /**
   * Reads the log from the next position to its end, page by page. Each page starts at
   * the last event applied, which must still be the log's event there (same hash): read
   * models that moved past the log or off it stop (`broken`) instead of answering.
   */
  async catchUp(source: LogSource, pageSize = 1000, progress?: (position: number) => void): Promise<void> {
    for (;;) {
      const last = this.position;
      const page = await source.readFrom(Math.max(last, 0), last < 0 ? pageSize : pageSize + 1);
      const fresh = last < 0 || this.position !== last ? page : this.afterLastApplied(page, last);
      if (fresh === undefined || fresh.length === 0) return;
      this.applyNow(fresh);
      if (this.failure) return;
      progress?.(this.position);
      if (fresh.length < pageSize) return;
    }
  }

  /** The page after the last applied event, or undefined (and stopped) when the log differs there. */
  private afterLastApplied(page: readonly RecordedEvent[], last: number): readonly RecordedEvent[] | undefined {
    const first = page[0];
    const differs = lastAppliedDiffers(this.store.binding, first?.position === last ? first : undefined);
    if (differs === undefined) return page.slice(1);
    this.fail(new Error(`they no longer match the log: ${differs}; restart the service to rebuild them`));
    return undefined;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const wake of [...this.waiters]) wake();
  }

  private live(events: readonly RecordedEvent[]): void {
    this.queue.push(events);
    if (this.catchingUp || this.drainScheduled) return;
    // After the turn that committed them: the committer has settled the batch's receipts,
    // and their responses go out before this batch's rows are written (a tenth of the
    // service's time per append). Batches that commit meanwhile
    // are applied together, in one transaction.
    // A client that reads its write passes `atLeast` and waits for it (waitFor).
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      if (!this.catchingUp) this.drain();
    });
  }

  private drainScheduled = false;

  private drain(source?: LogSource): void {
    const batches = joinContiguous(this.queue);
    this.queue = [];
    for (const batch of batches) {
      const first = batch[0];
      // A gap (a batch lost between catch-up and listening) is read back from the log.
      if (first !== undefined && first.position > this.position + 1 && source !== undefined) {
        void this.catchUp(source).then(() => this.applyNow(batch));
        continue;
      }
      this.applyNow(batch);
    }
  }

  applyNow(events: readonly RecordedEvent[]): void {
    if (this.failure) return;
    try {
      inChildSpan('writ.read_model.apply', () => this.store.apply(events), { 'writ.events': events.length });
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves true once `position` is applied, false after `ms` or once the read models stop (read-your-writes). */
  waitFor(position: number, ms = this.options.waitMs ?? DEFAULT_WAIT_MS): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(ok);
      };
      const check = () => {
        if (this.position >= position) done(true);
        else if (this.failure) done(false);
      };
      const timer = setTimeout(() => done(false), ms);
      this.waiters.add(check);
    });
  }

  /** Calls `listener` after every applied batch until the signal aborts (subscriptions). */
  onAdvance(listener: () => void, signal: AbortSignal): void {
    this.waiters.add(listener);
    signal.addEventListener('abort', () => this.waiters.delete(listener), { once: true });
  }

  close(): void {
    this.store.close();
  }
}

/** Nest token of the ReadService (src/application/queries/read-service.ts). */
export const READ_SERVICE = Symbol('ReadService');

/** Batches that follow each other without a gap, joined (one transaction instead of several). */
function joinContiguous(batches: readonly (readonly RecordedEvent[])[]): (readonly RecordedEvent[])[] {
  const joined: RecordedEvent[][] = [];
  for (const batch of batches) {
    const last = joined.at(-1);
    const end = last?.at(-1);
    if (last !== undefined && end !== undefined && batch[0] !== undefined && batch[0].position === end.position + 1) last.push(...batch);
    else joined.push([...batch]);
  }
  return joined;
}
