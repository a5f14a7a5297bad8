// The narrow, read-only window through which decide, decisions and cascades see the
// ledger. The service backs it with the in-memory fold (viewOf), tests with a fold of
// given events; anything that answers these lookups at the global head will do.
import type { Anomaly } from '../behaviour/behaviour.rules';
import type { ContainmentPolicy } from '../behaviour/containment';
import type { GlobalPosition } from '../../integrity/brands';
import type {
  AgentState,
  ApprovalState,
  CredentialState,
  DelegationState,
  EntitlementState,
  LedgerRecord,
  PrincipalState,
} from './aggregates';

export interface LedgerView {
  /** Number of events folded so far: the global position the next event will take. */
  readonly size: number;
  ledger(): LedgerRecord | undefined;
  principal(id: string): PrincipalState | undefined;
  agent(id: string): AgentState | undefined;
  entitlement(id: string): EntitlementState | undefined;
  delegation(id: string): DelegationState | undefined;
  credential(id: string): CredentialState | undefined;
  approval(id: string): ApprovalState | undefined;
  /** Active principals holding the admin role (none may remove the last). */
  activeAdminCount(): number;
  /** Position of the event that already used (actor, nonce), if any (invariant 8). */
  nonceSeen(actor: string, nonce: string): GlobalPosition | undefined;
  /** Epoch ms of allowed decisions counted against a rate key (see decision/rate.ts). */
  recentAllowed(rateKey: string): readonly number[];
  /** Index lookups for cascades, in grant order. */
  childDelegations(delegationId: string): readonly string[];
  delegationsBy(delegatorId: string): readonly string[];
  delegationsTo(delegateeId: string): readonly string[];
  delegationsFrom(entitlementId: string): readonly string[];
  credentialsUnder(delegationId: string): readonly string[];
  credentialsOf(agentId: string): readonly string[];
  subagentsOf(agentId: string): readonly string[];
  /** The containment policy in force, if an admin set one. */
  containment(): ContainmentPolicy | undefined;
  /** Anomalies of the agent that the policy suspends for and no suspension has consumed yet. */
  pendingAnomalies(agentId: string): readonly Anomaly[];
}
