// Rows as the API shows them: times as RFC 3339, JSON columns parsed, statuses judged
// at the point asked about (a delegation past its window is `expired` then).
import { formatInstant } from '../../domain';
import type { AgentRow, CredentialRow, DecisionRow, DelegationRow, EntitlementRow, PrincipalRow } from '../projections/rows';

const iso = (ms: number | null) => (ms === null ? null : formatInstant(ms));
const ids = (path: string) => path.split('/').filter((s) => s !== '');

export interface Versioning {
  /** Leaf index of the event that made this version. */
  readonly leafIndex: number;
  readonly eventHash: string;
}

const versioning = (row: { vf: number; hash: string }): Versioning => ({ leafIndex: row.vf, eventHash: row.hash });

export const principalView = (r: PrincipalRow) => ({
  id: r.id, kind: r.kind, name: r.name, roles: JSON.parse(r.roles) as string[], status: r.status,
  registeredBy: r.registered_by, registeredAt: iso(r.registered_at)!, ...versioning(r),
});
export type PrincipalView = ReturnType<typeof principalView>;

export function agentStatusOf(r: AgentRow): string {
  if (r.lifecycle !== 'active') return r.lifecycle;
  return r.needs_review ? 'needs-review' : 'active';
}

export const agentView = (r: AgentRow) => ({
  id: r.id, ownerId: r.owner_id, parentAgentId: r.parent_agent_id, path: ids(r.path), purpose: r.purpose,
  modelName: r.model_name, modelVersion: r.model_version, status: agentStatusOf(r), provisionedBy: r.provisioned_by,
  provisionedAt: iso(r.provisioned_at)!, lastReviewedAt: iso(r.last_reviewed_at), modelChangedAt: iso(r.model_changed_at), ...versioning(r),
});
export type AgentView = ReturnType<typeof agentView>;

export function delegationStatus(r: DelegationRow, now: number): string {
  if (r.status === 'revoked') return 'revoked';
  if (now < r.not_before) return 'not_yet_valid';
  return now >= r.not_after ? 'expired' : 'active';
}

export const delegationView = (r: DelegationRow, now: number) => ({
  id: r.id, delegatorId: r.delegator_id, delegateeId: r.delegatee_id, parentId: r.parent_id, entitlementId: r.entitlement_id,
  rootHumanId: r.root_human_id, path: ids(r.path), capabilities: JSON.parse(r.capabilities) as unknown, notBefore: iso(r.not_before)!,
  notAfter: iso(r.not_after)!, depth: r.depth, purpose: r.purpose, status: delegationStatus(r, now), grantedAt: iso(r.granted_at)!, ...versioning(r),
});
export type DelegationView = ReturnType<typeof delegationView>;

export function credentialStatus(r: CredentialRow, now: number): string {
  if (r.status === 'revoked') return 'revoked';
  return now >= r.expires_at ? 'expired' : 'active';
}

export const credentialView = (r: CredentialRow, now: number) => ({
  id: r.id, agentId: r.agent_id, delegationId: r.delegation_id, taskId: r.task_id, capabilities: JSON.parse(r.capabilities) as unknown,
  boundKey: r.bound_key, issuedAt: iso(r.issued_at)!, expiresAt: iso(r.expires_at)!, status: credentialStatus(r, now), ...versioning(r),
});
export type CredentialView = ReturnType<typeof credentialView>;

export const decisionView = (r: DecisionRow) => ({
  leafIndex: r.position, eventHash: r.hash, requestId: r.request_id, agentId: r.agent_id, ownerId: r.owner_id, rootHumanId: r.root_human_id,
  credentialId: r.credential_id, delegationId: r.delegation_id, action: r.action, resource: r.resource, amount: r.amount,
  outcome: r.outcome, reason: r.reason, recordedAt: iso(r.recorded_at)!, chain: JSON.parse(r.chain) as unknown, enforcer: r.enforcer ?? null,
});
export type DecisionView = ReturnType<typeof decisionView>;

export const entitlementStatus = (r: EntitlementRow) => r.status;
