// Who is signing, and may they sign anything at all right now. Per-type rules (who may
// make which statement, invariant 9) live with each statement's decide.
import { err, ok, problem, type Problem, type Result } from '../../errors/problem';
import { agentStatus, type AgentState, type PrincipalState, type Role } from '../state/aggregates';
import type { LedgerView } from '../state/view';

export type Actor =
  | { readonly kind: 'ledger' | 'human' | 'broker'; readonly id: string; readonly principal: PrincipalState }
  | { readonly kind: 'agent'; readonly id: string; readonly agent: AgentState };

export function resolveActor(view: LedgerView, id: string): Result<Actor> {
  const principal = view.principal(id);
  if (principal !== undefined) return ok({ kind: principal.kind, id, principal });
  const agent = view.agent(id);
  if (agent !== undefined) return ok({ kind: 'agent', id, agent });
  return err(problem('actor.unknown', `no principal or agent ${id} is registered`, 'actor'));
}

/**
 * The key an actor's statements must be signed with now (invariant 8): the principal's
 * or agent's current key. Every status keeps its key, so that a suspended agent's
 * requests are still recorded (as denials); decide refuses what inactive actors may not do.
 */
export function actorKey(view: LedgerView, actorId: string): string | undefined {
  return (view.principal(actorId) ?? view.agent(actorId))?.key.encoded;
}

/** Problems for an actor that may not act at all: deactivated, suspended, deprovisioned. */
export function inactiveActor(actor: Actor): Problem | undefined {
  if (actor.kind !== 'agent') {
    return actor.principal.status === 'deactivated'
      ? problem('principal.deactivated', `principal ${actor.id} is deactivated`, 'actor')
      : undefined;
  }
  const status = agentStatus(actor.agent);
  if (status === 'suspended') return problem('agent.suspended', `agent ${actor.id} is suspended`, 'actor');
  if (status === 'deprovisioned') return problem('agent.deprovisioned', `agent ${actor.id} is deprovisioned`, 'actor');
  return undefined;
}

export function isAdmin(view: LedgerView, id: string): boolean {
  const p = view.principal(id);
  return p !== undefined && p.status === 'active' && p.roles.includes('admin');
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.kind !== 'agent' && actor.principal.status === 'active' && actor.principal.roles.includes(role);
}

export const isLedger = (view: LedgerView, id: string): boolean => view.ledger()?.principalId === id;

export function notAuthorized(message: string, path = 'actor'): Result<never> {
  return err(problem('actor.not_authorized', message, path));
}
