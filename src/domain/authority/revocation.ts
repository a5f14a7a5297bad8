// Who may revoke below a delegation (invariant 9): the delegator of it or of any
// ancestor, the owner of any agent that delegated along the way or of the agent
// holding it, and admins. The ledger revokes only as a cascade, naming its cause.
import { lineage } from '../state/queries';
import type { DelegationState } from '../state/aggregates';
import type { LedgerView } from '../state/view';
import { isAdmin } from './actor';

export function mayRevokeUnder(view: LedgerView, actorId: string, d: DelegationState): boolean {
  if (isAdmin(view, actorId)) return true;
  if (view.agent(d.delegateeId)?.ownerId === actorId) return true;
  return lineage(view, d).some((link) => link.delegatorId === actorId || view.agent(link.delegatorId)?.ownerId === actorId);
}
