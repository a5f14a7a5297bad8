// Lookups and status rules about agents that several statement types share.
import { err, ok, problem, type Problem, type Result } from '../../errors/problem';
import { isAdmin, type Actor } from '../authority/actor';
import { agentStatus, type AgentState, type PrincipalState } from '../state/aggregates';
import type { LedgerView } from '../state/view';

/** The problem a non-active agent poses, with the status as its code; undefined if active. */
export function agentStatusProblem(agent: AgentState, path: string): Problem | undefined {
  const status = agentStatus(agent);
  if (status === 'active') return undefined;
  const code = status === 'needs-review' ? 'agent.needs_review' : (`agent.${status}` as const);
  return problem(code, `agent ${agent.id} is ${status}`, path, { agentId: agent.id });
}

export function targetAgent(view: LedgerView, id: string, path = 'body.agentId'): Result<AgentState> {
  const agent = view.agent(id);
  return agent === undefined ? err(problem('agent.not_found', `no agent ${id}`, path)) : ok(agent);
}

/** An agent that is not deprovisioned (the one terminal status). */
export function liveTarget(view: LedgerView, id: string, path = 'body.agentId'): Result<AgentState> {
  const agent = targetAgent(view, id, path);
  if (agent.ok && agent.value.lifecycle === 'deprovisioned') {
    return err(problem('agent.deprovisioned', `agent ${id} is deprovisioned`, path));
  }
  return agent;
}

/** An active human: what an agent's owner must be (invariant 7). */
export function activeHuman(view: LedgerView, id: string, path: string): Result<PrincipalState> {
  const p = view.principal(id);
  if (p === undefined) return err(problem('principal.not_found', `no principal ${id}`, path));
  if (p.kind !== 'human') return err(problem('principal.not_human', `${id} is a ${p.kind}, not a human`, path));
  if (p.status !== 'active') return err(problem('principal.deactivated', `${id} is deactivated`, path));
  return ok(p);
}

export const isOwnerOrAdmin = (view: LedgerView, actor: Actor, agent: AgentState): boolean =>
  actor.id === agent.ownerId || isAdmin(view, actor.id);

/**
 * Invariant 7 reporting: an agent whose owner is deactivated is orphaned until its
 * ownership is transferred. Deprovisioned agents are no longer anyone's concern.
 */
export function isOrphaned(view: LedgerView, agent: AgentState): boolean {
  if (agent.lifecycle === 'deprovisioned') return false;
  return view.principal(agent.ownerId)?.status !== 'active';
}

/**
 * Invariant 7 enforcement: an orphaned agent is denied decisions and credentials
 * (`agent.orphaned`), whatever the chain it holds, because no human answers for it;
 * a transfer to an active human lifts it. The one place of the rule: the chain check
 * (decision/chain.ts) asks it for every agent on a chain, so that decisions, credential
 * issuance and re-delegation, and the verifier that re-runs them, all judge alike. A
 * ledger whose genesis policy says `orphanedAgents: 'allow'` opts out; absent is deny.
 */
export function deniedAsOrphan(view: LedgerView, agent: AgentState): boolean {
  return view.ledger()?.policy.orphanedAgents !== 'allow' && isOrphaned(view, agent);
}

export const orphanedProblem = (agent: AgentState, path: string): Problem =>
  problem('agent.orphaned', `agent ${agent.id} is orphaned: its owner ${agent.ownerId} is not an active principal`, path, {
    agentId: agent.id,
    ownerId: agent.ownerId,
  });
