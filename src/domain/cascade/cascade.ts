// Cascades (invariants 5 and 6). The chain check already makes a revocation or a kill
// switch take effect at once; these are the explicit revocations the ledger then
// records so that the trail shows the effect: each live descendant delegation and
// each live credential in the trigger's reach (scope.ts), naming the trigger as cause.
// Cascade statements are not triggers themselves: the whole reach is computed from
// the original event, so a saga that restarts recomputes what is still left to do.
import { bytesToHex, utf8ToBytes } from '../../integrity/bytes';
import { sha256 } from '../../integrity/sha256';
import type { Statement } from '../../integrity/statement/statement.types';
import type { RecordedEvent } from '../shared/events';
import type { LedgerView } from '../state/view';
import { CASCADE_TRIGGERS, type Cause, type CascadeTrigger } from './cause';

export type CascadeStatement =
  | { readonly type: 'delegation.revoked'; readonly body: { readonly delegationId: string; readonly cause: Cause } }
  | { readonly type: 'credential.revoked'; readonly body: { readonly credentialId: string; readonly cause: Cause } };

/** The cause a recorded event gives its cascade, or undefined if it triggers none. */
export function causeOf(event: RecordedEvent): Cause | undefined {
  if (!(CASCADE_TRIGGERS as readonly string[]).includes(event.type)) return undefined;
  const body = event.statement.body as { cause?: unknown; delegationId?: string; entitlementId?: string; agentId?: string };
  if (body.cause !== undefined) return undefined;
  const id = body.delegationId ?? body.entitlementId ?? body.agentId;
  if (id === undefined) return undefined;
  return { type: event.type as CascadeTrigger, id, hash: event.hash, position: event.position };
}

/**
 * The ledger statements (type and body; the saga signs them) that a recorded event
 * calls for, computed against the state that includes it. Delegations come first,
 * parents before children, then credentials; `now` decides which credentials are live.
 */
export function cascade(view: LedgerView, trigger: RecordedEvent, now: number): CascadeStatement[] {
  const cause = causeOf(trigger);
  if (cause === undefined) return [];
  const { roots, agents } = reach(view, cause);
  const delegations = descendantsOf(view, roots);
  const credentialIds = new Set<string>(agents.flatMap((a) => view.credentialsOf(a)));
  const under = cause.type === 'delegation.revoked' ? [cause.id, ...delegations] : delegations;
  for (const d of under) for (const c of view.credentialsUnder(d)) credentialIds.add(c);
  const revokeDelegations = delegations.filter((id) => view.delegation(id)?.status === 'active');
  const revokeCredentials = [...credentialIds].filter((id) => liveCredential(view, id, now, cause));
  return [
    ...revokeDelegations.map((delegationId) => ({ type: 'delegation.revoked' as const, body: { delegationId, cause } })),
    ...revokeCredentials.map((credentialId) => ({ type: 'credential.revoked' as const, body: { credentialId, cause } })),
  ];
}

/** Subtree roots whose whole subtree is revoked, and agents whose credentials all are. */
function reach(view: LedgerView, cause: Cause): { roots: string[]; agents: string[] } {
  switch (cause.type) {
    case 'delegation.revoked':
      return { roots: [...view.childDelegations(cause.id)], agents: [] };
    case 'principal.entitlement_revoked':
      return { roots: [...view.delegationsFrom(cause.id)], agents: [] };
    case 'agent.key_rotated':
      return { roots: [], agents: [cause.id] };
    default: {
      const agents = agentAndSubagents(view, cause.id);
      const to = cause.type === 'agent.deprovisioned' ? agents : agents.slice(1);
      return { roots: [...agents.flatMap((a) => view.delegationsBy(a)), ...to.flatMap((a) => view.delegationsTo(a))], agents };
    }
  }
}

/** The agent first, then its subagents at any depth, breadth first. */
function agentAndSubagents(view: LedgerView, agentId: string): string[] {
  const out = [agentId];
  for (let i = 0; i < out.length; i++) for (const s of view.subagentsOf(out[i]!)) if (!out.includes(s)) out.push(s);
  return out;
}

/** The roots and all their descendants, breadth first, each once. */
function descendantsOf(view: LedgerView, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...view.childDelegations(id));
  }
  return [...seen];
}

function liveCredential(view: LedgerView, id: string, now: number, cause: Cause): boolean {
  const c = view.credential(id);
  if (c === undefined || c.status !== 'active' || now >= c.expiresAt) return false;
  // A key rotation only strands credentials bound to a key the agent no longer has.
  return cause.type !== 'agent.key_rotated' || view.agent(c.agentId)?.key.encoded !== c.boundKey;
}

/**
 * A nonce derived from the cause and the target, so that a saga that restarts midway
 * signs the same statement again and the store returns the original receipt.
 */
export function cascadeNonce(cause: Cause, statement: CascadeStatement): string {
  const target = statement.type === 'delegation.revoked' ? statement.body.delegationId : statement.body.credentialId;
  return bytesToHex(sha256(utf8ToBytes(`${cause.hash}\n${statement.type}\n${target}`)));
}

/** The full statement the ledger signs for one cascade revocation. */
export function cascadeStatementFor(view: LedgerView, statement: CascadeStatement, issuedAt: string): Statement | undefined {
  const ledger = view.ledger();
  if (ledger === undefined) return undefined;
  return {
    v: 1,
    ledgerId: ledger.ledgerId,
    type: statement.type,
    actor: ledger.principalId,
    nonce: cascadeNonce(statement.body.cause, statement),
    issuedAt,
    body: statement.body,
  };
}
