// The read models as rows. Versioned rows hold one version of an aggregate each: valid
// from the position of the event that made it (`vf`, also its leaf index, with `hash`)
// to the position of the event that replaced it (`vt`; OPEN while it is current), so
// any past position is answered by the same lookups as the head.

/** `vt` of a current version: larger than any position. */
export const OPEN = Number.MAX_SAFE_INTEGER;

export interface Versioned {
  readonly id: string;
  readonly vf: number;
  readonly vt: number;
  readonly hash: string;
}

export interface PrincipalRow extends Versioned {
  readonly kind: string;
  readonly name: string;
  /** JSON array of roles. */
  readonly roles: string;
  readonly status: 'active' | 'deactivated';
  readonly registered_by: string | null;
  readonly registered_at: number;
}

export interface EntitlementRow extends Versioned {
  readonly holder_id: string;
  readonly capability: string;
  readonly status: 'active' | 'revoked';
  readonly granted_at: number;
}

export interface AgentRow extends Versioned {
  readonly owner_id: string;
  readonly parent_agent_id: string | null;
  /** `/root/.../id`: the agent ids from the top agent down to this one (immutable). */
  readonly path: string;
  readonly purpose: string;
  readonly model_name: string;
  readonly model_version: string;
  readonly lifecycle: 'active' | 'suspended' | 'deprovisioned';
  readonly needs_review: number;
  readonly provisioned_by: string;
  readonly provisioned_at: number;
  readonly last_reviewed_at: number | null;
  readonly model_changed_at: number | null;
}

export interface DelegationRow extends Versioned {
  readonly delegator_id: string;
  readonly delegatee_id: string;
  readonly parent_id: string | null;
  readonly entitlement_id: string | null;
  /** The human who granted the root of this chain. */
  readonly root_human_id: string;
  /** `/root/.../id`: the delegation ids from the root down to this one. */
  readonly path: string;
  /** `/a1/.../an`: the delegatees from the root down to this one. */
  readonly agent_path: string;
  readonly capabilities: string;
  readonly not_before: number;
  readonly not_after: number;
  readonly depth: number;
  readonly purpose: string;
  readonly status: 'active' | 'revoked';
  readonly granted_at: number;
}

export interface CredentialRow extends Versioned {
  readonly agent_id: string;
  readonly delegation_id: string;
  readonly task_id: string;
  readonly capabilities: string;
  readonly bound_key: string;
  readonly issued_at: number;
  readonly expires_at: number;
  readonly status: 'active' | 'revoked';
}

/** A recorded decision (action.authorized, action.denied, approval.requested): never changes. */
export interface DecisionRow {
  readonly position: number;
  readonly request_id: string;
  readonly agent_id: string;
  readonly owner_id: string | null;
  readonly root_human_id: string | null;
  readonly credential_id: string;
  readonly delegation_id: string | null;
  readonly action: string;
  readonly resource: string;
  readonly amount: number | null;
  readonly outcome: 'allowed' | 'denied' | 'approval_required';
  readonly reason: string | null;
  readonly recorded_at: number;
  readonly chain: string;
  readonly hash: string;
  /** The enforcer (gateway) that asked on the agent's behalf (AuthZEN); read back, never written. */
  readonly enforcer?: string | null;
}

/**
 * One delegation a recorded chain goes through, with the capability the request was judged
 * by. Written once per distinct chain; an allowed decision citing the chain used it.
 */
export interface ChainHopRow {
  readonly delegation_id: string;
  readonly capability: number;
}

/** Every event, with the subjects the feeds filter on; also the recordedAt -> position index. */
export interface EventRow {
  readonly position: number;
  readonly recorded_at: number;
  readonly type: string;
  readonly stream: string;
  readonly actor: string;
  readonly agent_id: string | null;
  readonly human_id: string | null;
  readonly outcome: string | null;
  readonly hash: string;
}

export interface VersionedTables {
  readonly principals: PrincipalRow;
  readonly entitlements: EntitlementRow;
  readonly agents: AgentRow;
  readonly delegations: DelegationRow;
  readonly credentials: CredentialRow;
}
export type VersionedTable = keyof VersionedTables;

/** One hop of a decision's chain as the ledger recorded it (kind, id, version, capability). */
export interface RecordedHop {
  readonly kind: string;
  readonly id: string;
  readonly hash?: string | null;
  readonly position?: number | null;
  readonly capability?: number;
}

/** A decision as evolve gives it: the chain still as recorded; the store keeps each distinct chain once. */
export type DecisionChange = Omit<DecisionRow, 'chain'> & { readonly chain: readonly RecordedHop[] };

/** What one event changes: new versions, appended rows, and its feed row. */
export interface RowChanges {
  readonly versions: readonly { readonly [T in VersionedTable]: { readonly table: T; readonly row: Omit<VersionedTables[T], 'vf' | 'vt' | 'hash'> } }[VersionedTable][];
  readonly decision?: DecisionChange;
  readonly event: EventRow;
}

/** The current (head) rows evolve reads: any store that answers at the head will do. */
export interface RowReader {
  principal(id: string): PrincipalRow | undefined;
  entitlement(id: string): EntitlementRow | undefined;
  agent(id: string): AgentRow | undefined;
  delegation(id: string): DelegationRow | undefined;
  credential(id: string): CredentialRow | undefined;
}
