// The state of each aggregate, as immutable values. Times are epoch milliseconds (the
// ledger clock); `ref` is the aggregate's latest event, which decisions cite per hop.
import type { PublicKey } from '../../integrity/ed25519';
import type { Capability } from '../capability';
import type { EventRef } from '../shared/events';

export type PrincipalKind = 'ledger' | 'human' | 'broker';
// `enforcer`: a gateway that asks for decisions on agents' behalf (AuthZEN, docs/authzen.md).
export const ROLES = ['admin', 'auditor', 'broker', 'enforcer'] as const;
export type Role = (typeof ROLES)[number];

/** The policy a ledger runs under, fixed at genesis so that replay re-derives results. */
export interface LedgerPolicy {
  /** Credential lifetime when the request names none (invariant 2: short). */
  readonly credentialTtlSeconds: number;
  readonly maxCredentialTtlSeconds: number;
  /** How long an approval request stays open and a granted approval usable. */
  readonly approvalTtlSeconds: number;
  /** Invariant 8: how far issuedAt may stray from the ledger clock. */
  readonly skewSeconds: number;
  /**
   * Invariant 7: whether an agent whose owner is not an active principal is denied
   * decisions and credentials. Absent means 'deny': only a genesis that says 'allow'
   * opts out, and a genesis recorded before the field existed keeps its recorded
   * result (re-derived by the verifier) while getting the default.
   */
  readonly orphanedAgents?: OrphanedAgentsPolicy;
}

export const ORPHANED_AGENTS_POLICIES = ['deny', 'allow'] as const;
export type OrphanedAgentsPolicy = (typeof ORPHANED_AGENTS_POLICIES)[number];

/** A public key as registered (base64url) and as checked against the key policy. */
export interface KeyRecord {
  readonly encoded: string;
  /** Undefined only if a replayed log holds a key decide would have refused. */
  readonly checked: PublicKey | undefined;
}

export interface LedgerRecord {
  readonly ledgerId: string;
  /** The ledger's own principal id: the actor of genesis, cascades and checkpoints. */
  readonly principalId: string;
  readonly policy: LedgerPolicy;
  /** Tree size of the latest recorded checkpoint (checkpoints only grow). */
  readonly checkpointSize: number;
  /**
   * Every ledger key the record has named (genesis, then each rotation), base64url,
   * oldest first: credentials signed before a rotation stay valid until they expire.
   */
  readonly keys: readonly string[];
  readonly ref: EventRef;
}

export interface PrincipalState {
  readonly id: string;
  readonly kind: PrincipalKind;
  readonly name: string;
  readonly key: KeyRecord;
  readonly roles: readonly Role[];
  readonly status: 'active' | 'deactivated';
  readonly registeredAt: number;
  readonly ref: EventRef;
}

export interface EntitlementState {
  readonly id: string;
  readonly holderId: string;
  readonly capability: Capability;
  readonly status: 'active' | 'revoked';
  readonly grantedAt: number;
  readonly ref: EventRef;
}

export interface AgentModel {
  readonly name: string;
  readonly version: string;
}

/** Vocabulary status; derived from lifecycle and needsReview by agentStatus(). */
export type AgentStatus = 'active' | 'suspended' | 'needs-review' | 'deprovisioned';

export interface AgentState {
  readonly id: string;
  readonly ownerId: string;
  readonly key: KeyRecord;
  readonly purpose: string;
  readonly model: AgentModel;
  readonly parentAgentId?: string;
  /** Kept apart from needsReview: a suspended agent whose model changed needs review on resume. */
  readonly lifecycle: 'active' | 'suspended' | 'deprovisioned';
  readonly needsReview: boolean;
  readonly provisionedAt: number;
  readonly lastReviewedAt?: number;
  readonly ref: EventRef;
  /** The latest event of each kind that triggers a cascade, which cascades name as cause. */
  readonly causes: Readonly<Partial<Record<'agent.suspended' | 'agent.deprovisioned' | 'agent.key_rotated', EventRef>>>;
}

export interface DelegationState {
  readonly id: string;
  readonly delegatorId: string;
  readonly delegateeId: string;
  /** Exactly one of parentId (re-delegation) and entitlementId (a human's root grant). */
  readonly parentId?: string;
  readonly entitlementId?: string;
  readonly capabilities: readonly Capability[];
  readonly notBefore: number;
  readonly notAfter: number;
  /** Remaining re-delegation depth: a child may have at most depth - 1. */
  readonly depth: number;
  readonly purpose: string;
  readonly status: 'active' | 'revoked';
  readonly grantedAt: number;
  readonly ref: EventRef;
  readonly revokedBy?: EventRef;
}

export interface CredentialState {
  readonly id: string;
  readonly agentId: string;
  readonly delegationId: string;
  readonly taskId: string;
  readonly capabilities: readonly Capability[];
  /** The agent key the credential was bound to at issuance (base64url). */
  readonly boundKey: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly status: 'active' | 'revoked';
  readonly ref: EventRef;
}

export interface ApprovalState {
  readonly id: string;
  readonly agentId: string;
  /** sha256 of the canonical action fields: the approval is for exactly this action. */
  readonly actionHash: string;
  readonly approvers: readonly string[];
  readonly expiresAt: number;
  readonly status: 'pending' | 'granted' | 'refused' | 'used';
  readonly ref: EventRef;
}

export function agentStatus(agent: AgentState): AgentStatus {
  if (agent.lifecycle !== 'active') return agent.lifecycle;
  return agent.needsReview ? 'needs-review' : 'active';
}
