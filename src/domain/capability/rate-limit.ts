// The rate condition over recorded decisions. The window is anchored at the decision
// being made, (nowMs - perSeconds*1000, nowMs], so a limit holds over every window
// that ends at a decision, not only over fixed buckets; this is also what makes the
// attenuation rule for rates sound (see attenuation.ts). Times after nowMs are outside
// the window by definition; the caller passes the decisions recorded before this one.
import type { RateLimit } from './capability.types';

/** True if one more counted decision at `nowMs` keeps at most `rate.max` in the window. */
export function rateAllows(rate: RateLimit, recentAt: readonly number[], nowMs: number): boolean {
  const windowStart = nowMs - rate.perSeconds * 1000;
  const inWindow = recentAt.filter((t) => t > windowStart && t <= nowMs).length;
  return inWindow + 1 <= rate.max;
}
