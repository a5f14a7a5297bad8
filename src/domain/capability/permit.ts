// Static judgement of one capability against one request: resource and action, then
// the amount caveats. Rate depends on recorded history and is left to the decision
// function (`rateAllows`).
//
// Amounts: a request without an amount is judged as amount 0 by maxAmount and
// approvalAbove (an action that moves nothing is within any bound). Amounts are
// magnitudes: when the capability bounds amounts, an amount that is negative, NaN or
// infinite is denied with `condition.max_amount` (fail closed; a NaN compares false
// against every bound and would otherwise slip through). Request validation should
// refuse such amounts before they get here.
import type { ActionRequest, Capability, Conditions } from './capability.types';
import { matchesResource } from './resource-pattern';

export type PermitVerdict =
  | { readonly kind: 'permitted' }
  | { readonly kind: 'denied'; readonly code: 'capability.not_covered' | 'condition.max_amount' }
  | { readonly kind: 'approval_required'; readonly threshold: number };

const PERMITTED: PermitVerdict = { kind: 'permitted' };

export function permits(capability: Capability, request: ActionRequest): PermitVerdict {
  if (!appliesTo(capability, request)) return { kind: 'denied', code: 'capability.not_covered' };
  return amountVerdict(capability.conditions ?? {}, request.amount);
}

/**
 * The first capability whose resource and action match, in the order the grant lists
 * them; its conditions decide, even if a later one would be looser.
 */
export function findApplicable(capabilities: readonly Capability[], request: ActionRequest): Capability | undefined {
  return capabilities.find((capability) => appliesTo(capability, request));
}

const appliesTo = (capability: Capability, request: ActionRequest): boolean =>
  capability.actions.includes(request.action) && matchesResource(capability.resource, request.resource);

function amountVerdict(conditions: Conditions, amount: number | undefined): PermitVerdict {
  const { maxAmount, approvalAbove } = conditions;
  if (maxAmount === undefined && approvalAbove === undefined) return PERMITTED;
  const value = amount ?? 0;
  if (!(Number.isFinite(value) && value >= 0)) return { kind: 'denied', code: 'condition.max_amount' };
  // Written as !(a <= b) so that a NaN bound denies instead of passing.
  if (maxAmount !== undefined && !(value <= maxAmount)) return { kind: 'denied', code: 'condition.max_amount' };
  if (approvalAbove !== undefined && !(value <= approvalAbove)) {
    return { kind: 'approval_required', threshold: approvalAbove };
  }
  return PERMITTED;
}
