// Attenuation (DESIGN invariant 1): a child capability is covered by a parent when it
// reaches no more resources, allows no more actions and carries no looser conditions.
//
// - Resource: the child's pattern matches no resource the parent's does not
//   (`patternCovers`, exact).
// - Actions: the child's are a subset of the parent's. There is no action wildcard.
// - Conditions, each one the parent sets must be kept by the child, at least as strict:
//   maxAmount: child has one, <= the parent's.
//   approvalAbove: child has one, <= the parent's (a lower threshold asks for approval
//     on more actions, so it is stricter).
//   rate: child has one with max <= parent.max and perSeconds >= parent.perSeconds.
//     Sound because a rate is checked over the window that ends at each decision: the
//     parent's window (t - P, t] lies inside the child's (t - C, t] when P <= C, so it
//     holds no more decisions of the same history, and max_c <= max_p. Hence any history
//     the child's limit admits, the parent's admits.
//   A condition the parent does not set, the child may add freely.
// The rule is syntactic on purpose: a child that keeps a parent's approvalAbove only
// through a smaller maxAmount is refused, although it could never reach the threshold.
// Simple rules are easier to audit than clever ones, and refusing is the safe side.
//
// Malformed values (unparsable patterns, NaN bounds) never cover or get covered.
import type { Capability, Conditions, RateLimit } from './capability.types';
import { patternCovers } from './resource-pattern';

/** True if `child` is no wider than `parent`: every request `child` permits, `parent` permits. */
export function covers(parent: Capability, child: Capability): boolean {
  return (
    patternCovers(parent.resource, child.resource) &&
    child.actions.every((action) => parent.actions.includes(action)) &&
    conditionsCover(parent.conditions ?? {}, child.conditions ?? {})
  );
}

/** True if one single parent covers `child`; authority from several parents is not combined. */
export function coveredBy(parents: readonly Capability[], child: Capability): boolean {
  return parents.some((parent) => covers(parent, child));
}

function conditionsCover(parent: Conditions, child: Conditions): boolean {
  return (
    boundCovers(parent.maxAmount, child.maxAmount) &&
    boundCovers(parent.approvalAbove, child.approvalAbove) &&
    rateCovers(parent.rate, child.rate)
  );
}

/** `<=` is false for NaN, so a malformed bound never passes. */
const boundCovers = (parent: number | undefined, child: number | undefined): boolean =>
  parent === undefined || (child !== undefined && child <= parent);

const rateCovers = (parent: RateLimit | undefined, child: RateLimit | undefined): boolean =>
  parent === undefined ||
  (child !== undefined && child.max <= parent.max && child.perSeconds >= parent.perSeconds);
