// Following the global log live on top of `readAll`. Positions are dense and committed
// in order, so "the next position I have not seen" is all the state a follower needs:
// reading from it can neither skip nor repeat an event, whether the event was stored
// before the subscription, committed through this handle (woken at once by the commit
// signal) or committed by another process on the same store (seen at the next poll).
import type { StoredEvent } from './event-store.port';

/** Wakes followers when this handle commits. A counter, so a commit between a follower's
 * read and its wait is not lost: the follower waits only if nothing changed since it read. */
export class CommitSignal {
  private counter = 0;
  private readonly waiters = new Set<() => void>();

  get version(): number {
    return this.counter;
  }

  notify(): void {
    this.counter++;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** Resolves on the first commit after `seenVersion`, after `timeoutMs`, or on abort. */
  wait(seenVersion: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.counter !== seenVersion || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}

export interface FollowSource {
  readPage(fromPosition: number, limit: number): Promise<readonly StoredEvent[]>;
  readonly commits: CommitSignal;
  /** How long to wait for a local commit before reading again for foreign commits. */
  readonly pollIntervalMs: number;
  readonly pageSize: number;
}

/** Yields every event from `fromPosition` on, then live ones, until `signal` aborts. */
export async function* followLog(
  source: FollowSource,
  fromPosition: number,
  signal: AbortSignal,
): AsyncGenerator<StoredEvent> {
  let next = fromPosition;
  while (!signal.aborted) {
    const seen = source.commits.version;
    const page = await source.readPage(next, source.pageSize);
    for (const event of page) {
      if (signal.aborted) return;
      yield event;
      next = event.position + 1;
    }
    if (page.length < source.pageSize) await source.commits.wait(seen, source.pollIntervalMs, signal);
  }
}
