// The reach of each cascade trigger: which delegations and credentials it revokes.
// Used both to compute a cascade (cascade.ts) and to check a recorded cascade
// statement on replay, so the two can never disagree.
//   delegation.revoked D      -> every descendant of D; credentials under D or below
//   entitlement_revoked E     -> the root delegations granted from E and all below
//   agent.suspended A         -> everything delegated by A or by its subagents (and
//                                below), everything delegated to its subagents, and
//                                the credentials of A and its subagents; delegations
//                                to A itself stay, so that resuming restores A
//   agent.deprovisioned A     -> the same, and the delegations to A as well
//   agent.key_rotated A       -> A's credentials bound to a key that is no longer A's
import type { CredentialState, DelegationState } from '../state/aggregates';
import type { LedgerView } from '../state/view';
import { lineage, withinAgent } from '../state/queries';
import type { Cause } from './cause';

export function delegationInScope(view: LedgerView, cause: Cause, target: DelegationState): boolean {
  const links = lineage(view, target);
  switch (cause.type) {
    case 'delegation.revoked':
      return links.slice(1).some((d) => d.id === cause.id);
    case 'principal.entitlement_revoked':
      return links[links.length - 1]!.entitlementId === cause.id;
    case 'agent.key_rotated':
      return false;
    default:
      return links.some((d) => underAgent(view, d, cause.id, cause.type === 'agent.deprovisioned'));
  }
}

/** Delegated by the agent or a subagent, or to a subagent (or to the agent itself when deprovisioned). */
function underAgent(view: LedgerView, d: DelegationState, agentId: string, includeSelf: boolean): boolean {
  if (withinAgent(view, d.delegatorId, agentId)) return true;
  return (includeSelf || d.delegateeId !== agentId) && withinAgent(view, d.delegateeId, agentId);
}

export function credentialInScope(view: LedgerView, cause: Cause, target: CredentialState): boolean {
  if (cause.type === 'agent.key_rotated') {
    return target.agentId === cause.id && view.agent(cause.id)?.key.encoded !== target.boundKey;
  }
  if ((cause.type === 'agent.suspended' || cause.type === 'agent.deprovisioned') && withinAgent(view, target.agentId, cause.id)) {
    return true;
  }
  const d = view.delegation(target.delegationId);
  if (d === undefined) return false;
  return (cause.type === 'delegation.revoked' && d.id === cause.id) || delegationInScope(view, cause, d);
}
