// The chain of authority behind a delegation: each link (delegation and the agent it
// was granted to) up to the root, the human who granted the root, and the entitlement
// the root was granted from. Invariant 4 is checked over the whole of it, every time,
// and invariant 7 with it: an agent on the chain whose owner is gone (orphaned) stops
// the authority that flows through it, so an orphan cannot pass it on to an agent of
// someone else and act through that one.
import { problem, type Problem } from '../../errors/problem';
import { agentStatusProblem, deniedAsOrphan, orphanedProblem } from '../agent/agent.rules';
import type { AgentState, DelegationState, EntitlementState, PrincipalState } from '../state/aggregates';
import type { LedgerView } from '../state/view';

export type HopKind = 'credential' | 'agent' | 'delegation' | 'principal' | 'entitlement';

/** A hop as a decision records it: the state it relied on, by latest event. */
export interface ChainHop {
  readonly kind: HopKind;
  readonly id: string;
  readonly hash: string;
  readonly position: number;
  /** For capability-bearing hops: index of the capability the request was judged by. */
  readonly capability?: number;
}

export interface ChainLink {
  readonly delegation: DelegationState;
  /** Undefined only in a damaged state; reported as agent.not_found. */
  readonly delegatee: AgentState | undefined;
  /** The delegatee has no active owner and the ledger's policy denies that (invariant 7). */
  readonly orphaned: boolean;
}

export interface Chain {
  /** From the given delegation up to the root. */
  readonly links: readonly ChainLink[];
  readonly human: PrincipalState | undefined;
  readonly entitlement: EntitlementState | undefined;
  /** Set when a parent is missing: the walk stopped early. */
  readonly missingParent?: string;
}

// Depth is bounded at grant time; the guard only stops a damaged state from looping.
const MAX_LINKS = 64;

/** Walks from `delegation` to the root; callers pass a delegation that exists. */
export function collectChain(view: LedgerView, delegation: DelegationState): Chain {
  const links: ChainLink[] = [];
  let current: DelegationState | undefined = delegation;
  while (current !== undefined && links.length < MAX_LINKS) {
    const delegatee = view.agent(current.delegateeId);
    links.push({ delegation: current, delegatee, orphaned: delegatee !== undefined && deniedAsOrphan(view, delegatee) });
    if (current.parentId === undefined) {
      const entitlement = current.entitlementId === undefined ? undefined : view.entitlement(current.entitlementId);
      return { links, human: view.principal(current.delegatorId), entitlement };
    }
    const parentId: string = current.parentId;
    current = view.delegation(parentId);
    if (current === undefined) return { links, human: undefined, entitlement: undefined, missingParent: parentId };
  }
  return { links, human: undefined, entitlement: undefined, missingParent: links[links.length - 1]!.delegation.id };
}

const at = (code: Problem['code'], message: string, path: string, kind: HopKind, id: string) =>
  problem(code, message, path, { hop: { kind, id } });

/**
 * The first dead hop, root first, so that the answer names the root cause: when an
 * agent is suspended, its subagent's requests are denied with `agent.suspended` (the
 * delegator on its chain), before and after the cascade has revoked what lies below.
 */
export function chainProblem(chain: Chain, now: number, path: string): Problem | undefined {
  if (chain.missingParent !== undefined) {
    return at('delegation.not_found', `delegation ${chain.missingParent} is missing`, path, 'delegation', chain.missingParent);
  }
  const root = chain.links[chain.links.length - 1]!.delegation;
  const e = chain.entitlement;
  if (e === undefined) return at('entitlement.not_found', 'the root entitlement is missing', path, 'entitlement', root.entitlementId ?? '');
  if (e.status === 'revoked') return at('entitlement.revoked', `entitlement ${e.id} is revoked`, path, 'entitlement', e.id);
  const h = chain.human;
  if (h === undefined) return at('principal.not_found', `principal ${root.delegatorId} is missing`, path, 'principal', root.delegatorId);
  if (h.status !== 'active') return at('principal.deactivated', `principal ${h.id} is deactivated`, path, 'principal', h.id);
  for (let i = chain.links.length - 1; i >= 0; i--) {
    const found = linkProblem(chain.links[i]!, now, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

function linkProblem({ delegation: d, delegatee, orphaned }: ChainLink, now: number, path: string): Problem | undefined {
  if (d.status === 'revoked') return at('delegation.revoked', `delegation ${d.id} is revoked`, path, 'delegation', d.id);
  if (now < d.notBefore) return at('delegation.not_yet_valid', `delegation ${d.id} is not valid yet`, path, 'delegation', d.id);
  if (now >= d.notAfter) return at('delegation.expired', `delegation ${d.id} has expired`, path, 'delegation', d.id);
  if (delegatee === undefined) return at('agent.not_found', `agent ${d.delegateeId} is missing`, path, 'agent', d.delegateeId);
  const status = agentStatusProblem(delegatee, path) ?? (orphaned ? orphanedProblem(delegatee, path) : undefined);
  return status === undefined ? undefined : { ...status, details: { hop: { kind: 'agent', id: delegatee.id } } };
}

/** The earliest notAfter on the chain: nothing issued under it may outlive it (invariant 2). */
export const chainEnd = (chain: Chain): number => Math.min(...chain.links.map((l) => l.delegation.notAfter));

/** Every agent or principal that delegated along the chain (the delegators of each link). */
export const chainDelegators = (chain: Chain): readonly string[] => chain.links.map((l) => l.delegation.delegatorId);

/** Hops leaf first: for each link its agent then its delegation, then the human and entitlement. */
export function chainHops(chain: Chain): ChainHop[] {
  const hops: ChainHop[] = [];
  for (const { delegation, delegatee } of chain.links) {
    if (delegatee !== undefined) hops.push(hop('agent', delegatee.id, delegatee.ref));
    hops.push(hop('delegation', delegation.id, delegation.ref));
  }
  if (chain.human !== undefined) hops.push(hop('principal', chain.human.id, chain.human.ref));
  if (chain.entitlement !== undefined) hops.push(hop('entitlement', chain.entitlement.id, chain.entitlement.ref));
  return hops;
}

export const hop = (kind: HopKind, id: string, ref: { hash: string; position: number }): ChainHop => ({
  kind,
  id,
  hash: ref.hash,
  position: ref.position,
});
