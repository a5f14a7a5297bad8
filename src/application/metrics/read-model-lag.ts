// How far behind the log the read models are, in seconds: the age of the oldest committed
// event they have not applied. Commit times are kept per batch (its positions and a time),
// only while the read models have not passed them, and at most MAX_BATCHES of them: past
// that a new batch joins the newest kept one, so the lag is overstated, never understated.
const MAX_BATCHES = 10_000;

interface Batch {
  readonly first: number;
  last: number;
  readonly at: number;
}

export class ReadModelLag {
  private readonly batches: Batch[] = [];

  /** `startedAt` (ms) stands for the commit time of events committed before this process ran. */
  constructor(private readonly startedAt: number) {}

  /** Positions `first`..`last` of the global log were committed at `at` (ms). */
  committed(first: number, last: number, at: number): void {
    const newest = this.batches.at(-1);
    if (newest !== undefined && this.batches.length >= MAX_BATCHES) newest.last = Math.max(newest.last, last);
    else this.batches.push({ first, last, at });
  }

  /** Seconds since the oldest event after position `applied` was committed, in a log of `size` events. */
  secondsBehind(applied: number, size: number, now: number): number {
    while (this.batches.length > 0 && this.batches[0]!.last <= applied) this.batches.shift();
    if (applied >= size - 1) return 0;
    const oldest = this.batches[0];
    // Events before the oldest kept batch were committed before this process started.
    const at = oldest === undefined || oldest.first > applied + 1 ? this.startedAt : oldest.at;
    return Math.max(0, (now - at) / 1000);
  }
}
