// The ledger clock. Recorded times never go backwards, even if the wall clock does
// (NTP steps, a VM resumed): replay compares recordedAt across events, and a decision's
// "now" must not precede the event it follows.
export interface LedgerClock {
  /** The next recordedAt: RFC 3339 UTC with milliseconds, never before the previous one. */
  next(): string;
  /** Epoch ms of the wall clock, for skew checks and timers. */
  nowMs(): number;
}

export function monotonicClock(wall: () => number = Date.now, floor = 0): LedgerClock {
  let last = floor;
  return {
    next() {
      last = Math.max(last, wall());
      return new Date(last).toISOString();
    },
    nowMs: wall,
  };
}
