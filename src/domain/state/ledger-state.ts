// The whole ledger's state, as replay folds it. A deliberate split:
// - each aggregate's state is an immutable value (evolving one makes a new value), so a
//   decision can hold on to what it read;
// - the container (Maps and indexes) is updated in place, one entry per event, so
//   folding 1M events over 100k agents is O(events) rather than O(events x aggregates).
// The container is owned by whoever folds it; an "as of" view is a fold up to that point.
import type {
  AgentState,
  ApprovalState,
  CredentialState,
  DelegationState,
  EntitlementState,
  LedgerRecord,
  PrincipalState,
} from './aggregates';
import type { AgentBehaviour, ContainmentPolicy } from '../behaviour/containment';
import { NonceMap, type NonceIndex } from './nonce-index';
import type { LedgerView } from './view';

export interface LedgerIndexes {
  readonly children: Map<string, string[]>;
  readonly byDelegator: Map<string, string[]>;
  readonly byDelegatee: Map<string, string[]>;
  readonly byEntitlement: Map<string, string[]>;
  readonly credentialsByDelegation: Map<string, string[]>;
  readonly credentialsByAgent: Map<string, string[]>;
  readonly subagents: Map<string, string[]>;
}

/** `N`: where the (actor, nonce) pairs are kept (see nonce-index.ts). */
export interface LedgerState<N extends NonceIndex = NonceIndex> {
  size: number;
  ledger: LedgerRecord | undefined;
  readonly principals: Map<string, PrincipalState>;
  readonly agents: Map<string, AgentState>;
  readonly entitlements: Map<string, EntitlementState>;
  readonly delegations: Map<string, DelegationState>;
  readonly credentials: Map<string, CredentialState>;
  readonly approvals: Map<string, ApprovalState>;
  /** (actor, nonce) -> position of the event that used it. */
  readonly nonces: N;
  /** rate key -> epoch ms of allowed decisions still inside the key's window. */
  readonly rates: Map<string, number[]>;
  /** Ids of active principals holding the admin role. */
  readonly admins: Set<string>;
  readonly index: LedgerIndexes;
  /** The containment policy in force (behaviour/containment.ts); undefined: flag only. */
  containment: ContainmentPolicy | undefined;
  /** agent id -> its behaviour tracker and pending anomalies (bounded per agent). */
  readonly behaviour: Map<string, AgentBehaviour>;
}

/** An empty state keeping its nonces in `nonces` (by default the exact in-memory map). */
export function emptyLedgerState(): LedgerState<NonceMap>;
export function emptyLedgerState<N extends NonceIndex>(nonces: N): LedgerState<N>;
export function emptyLedgerState(nonces: NonceIndex = new NonceMap()): LedgerState {
  return {
    size: 0,
    ledger: undefined,
    principals: new Map(),
    agents: new Map(),
    entitlements: new Map(),
    delegations: new Map(),
    credentials: new Map(),
    approvals: new Map(),
    nonces,
    rates: new Map(),
    admins: new Set(),
    index: {
      children: new Map(),
      byDelegator: new Map(),
      byDelegatee: new Map(),
      byEntitlement: new Map(),
      credentialsByDelegation: new Map(),
      credentialsByAgent: new Map(),
      subagents: new Map(),
    },
    containment: undefined,
    behaviour: new Map(),
  };
}

export function pushIndex(index: Map<string, string[]>, key: string, value: string): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [value]);
  else list.push(value);
}

const NONE: readonly never[] = Object.freeze([]);

/** A read-only view over a folded state; cheap to make, reads the live container. */
export function viewOf(state: LedgerState): LedgerView {
  const list = (index: Map<string, string[]>, key: string): readonly string[] => index.get(key) ?? NONE;
  return {
    get size() {
      return state.size;
    },
    ledger: () => state.ledger,
    principal: (id) => state.principals.get(id),
    agent: (id) => state.agents.get(id),
    entitlement: (id) => state.entitlements.get(id),
    delegation: (id) => state.delegations.get(id),
    credential: (id) => state.credentials.get(id),
    approval: (id) => state.approvals.get(id),
    activeAdminCount: () => state.admins.size,
    nonceSeen: (actor, nonce) => state.nonces.seen(actor, nonce),
    recentAllowed: (key) => state.rates.get(key) ?? NONE,
    childDelegations: (id) => list(state.index.children, id),
    delegationsBy: (id) => list(state.index.byDelegator, id),
    delegationsTo: (id) => list(state.index.byDelegatee, id),
    delegationsFrom: (id) => list(state.index.byEntitlement, id),
    credentialsUnder: (id) => list(state.index.credentialsByDelegation, id),
    credentialsOf: (id) => list(state.index.credentialsByAgent, id),
    subagentsOf: (id) => list(state.index.subagents, id),
    containment: () => state.containment,
    pendingAnomalies: (id) => state.behaviour.get(id)?.pending ?? NONE,
  };
}
