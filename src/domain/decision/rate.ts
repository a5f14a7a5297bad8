// What a rate condition counts. Each capability-bearing hop (entitlement, delegation,
// credential) keeps its own counter per capability: the allowed decisions whose chain
// went through that hop and were judged by that capability of it. So a delegation's
// `rate` limits everything done under it, by its agent and by every subagent below,
// and a credential's limits what is done with that credential. Denials and approval
// requests are not counted; an allowed decision that used an approval is.
import type { RateLimit } from '../capability';
import type { HopKind } from './chain';

export const rateKey = (kind: HopKind, id: string, capabilityIndex: number): string => `${kind}:${id}#${capabilityIndex}`;

/**
 * Adds an allowed decision at `atMs` and drops those that can no longer fall inside
 * the window of any later decision, so each counter stays at most `rate.max` long.
 */
export function recordAllowed(times: number[] | undefined, rate: RateLimit, atMs: number): number[] {
  const windowStart = atMs - rate.perSeconds * 1000;
  const kept = (times ?? []).filter((t) => t > windowStart);
  kept.push(atMs);
  return kept;
}
