// Rules for delegation-<id> streams: invariants 1 (attenuation), 2 (windows inside
// windows), 3 (links, depth, no cycles), 4 (the chain granted from is live) and 9.
import { err, ok, problem, type Problem, type Result } from '../../errors/problem';
import { agentStatusProblem, targetAgent } from '../agent/agent.rules';
import { isLedger, notAuthorized } from '../authority/actor';
import { mayRevokeUnder } from '../authority/revocation';
import { streams } from '../catalogue';
import { checkCascade } from '../cascade/cause';
import { delegationInScope } from '../cascade/scope';
import { chainProblem, collectChain } from '../decision/chain';
import { attenuated } from '../shared/attenuated';
import type { NewEvent } from '../shared/events';
import { handler, type DecideContext } from '../shared/handler';
import { parseInstant } from '../shared/time';
import type { DelegationState } from '../state/aggregates';
import { parseDelegationGranted, parseDelegationRevoked, type DelegationGrantedBody, type DelegationRevokedBody } from './delegation.bodies';

type Ctx = DecideContext<DelegationGrantedBody>;
const fail = (p: Problem) => err(p);

function decideGranted(ctx: Ctx): Result<NewEvent> {
  const { view, body } = ctx;
  if (view.delegation(body.delegationId) !== undefined) {
    return fail(problem('delegation.already_exists', `delegation ${body.delegationId} exists`, 'body.delegationId'));
  }
  const delegatee = targetAgent(view, body.delegateeId, 'body.delegateeId');
  if (!delegatee.ok) return delegatee;
  const status = agentStatusProblem(delegatee.value, 'body.delegateeId');
  if (status !== undefined) return fail(status);
  const checked = body.parentId === undefined ? rootGrant(ctx) : reGrant(ctx, body.parentId);
  if (!checked.ok) return checked;
  // After the parent checks, so that granting under an expired parent says so.
  if (parseInstant(body.notAfter)! <= ctx.now) {
    return fail(problem('delegation.window_invalid', 'notAfter must be in the future', 'body.notAfter'));
  }
  return ok({ stream: streams.delegation(body.delegationId), type: 'delegation.granted' });
}

/** A human grants from one of their own live entitlements. */
function rootGrant(ctx: Ctx): Result<void> {
  const { view, body, actor } = ctx;
  if (actor.kind !== 'human') return fail(problem('principal.not_human', 'root delegations are granted by humans', 'actor'));
  const entitlement = view.entitlement(body.entitlementId!);
  if (entitlement === undefined || entitlement.holderId !== actor.id) {
    return fail(problem('entitlement.not_found', `${actor.id} holds no entitlement ${body.entitlementId}`, 'body.entitlementId'));
  }
  if (entitlement.status === 'revoked') return fail(problem('entitlement.revoked', 'the entitlement is revoked', 'body.entitlementId'));
  return attenuated([entitlement.capability], body.capabilities);
}

/** An agent re-delegates from a delegation it holds. */
function reGrant(ctx: Ctx, parentId: string): Result<void> {
  const { view, body, actor } = ctx;
  const parent = view.delegation(parentId);
  if (parent === undefined) return fail(problem('delegation.not_found', `no delegation ${parentId}`, 'body.parentId'));
  if (parent.delegateeId !== actor.id) {
    return fail(problem('delegation.broken_link', `the actor is not the delegatee of ${parentId}`, 'actor', { delegateeId: parent.delegateeId }));
  }
  const chain = collectChain(view, parent);
  const dead = chainProblem(chain, ctx.now, 'body.parentId');
  if (dead !== undefined) return fail(dead);
  if (body.depth > parent.depth - 1) {
    return fail(problem('delegation.depth_exceeded', `depth must be at most ${parent.depth - 1}`, 'body.depth', { parentDepth: parent.depth }));
  }
  const window = windowProblem(parent, body);
  if (window !== undefined) return fail(window);
  const onChain = new Set(chain.links.flatMap((l) => [l.delegation.delegatorId, l.delegation.delegateeId]));
  if (onChain.has(body.delegateeId)) {
    return fail(problem('delegation.cycle', `${body.delegateeId} is already on this chain`, 'body.delegateeId'));
  }
  return attenuated(parent.capabilities, body.capabilities);
}

function windowProblem(parent: DelegationState, body: DelegationGrantedBody): Problem | undefined {
  if (parseInstant(body.notBefore)! >= parent.notBefore && parseInstant(body.notAfter)! <= parent.notAfter) return undefined;
  return problem('delegation.window_outside_parent', "the window must lie inside the parent's", 'body.notBefore', {
    parentNotBefore: new Date(parent.notBefore).toISOString(),
    parentNotAfter: new Date(parent.notAfter).toISOString(),
  });
}

function decideRevoked(ctx: DecideContext<DelegationRevokedBody>): Result<NewEvent> {
  const { view, body, actor } = ctx;
  const d = view.delegation(body.delegationId);
  if (d === undefined) return fail(problem('delegation.not_found', `no delegation ${body.delegationId}`, 'body.delegationId'));
  const cascade = checkCascade(view, isLedger(view, actor.id), body.cause, (c) => delegationInScope(view, c, d), 'body.delegationId');
  if (!cascade.ok) return cascade;
  if (!cascade.value && !mayRevokeUnder(view, actor.id, d)) {
    return notAuthorized('a delegator, an ancestor delegator, an owner on the chain or an admin revokes a delegation');
  }
  if (d.status === 'revoked') return fail(problem('state.unchanged', 'already revoked', 'body.delegationId'));
  return ok({ stream: streams.delegation(d.id), type: 'delegation.revoked' });
}

export const delegationHandlers = {
  'delegation.granted': handler({ parse: parseDelegationGranted, decide: decideGranted }),
  'delegation.revoked': handler({ parse: parseDelegationRevoked, decide: decideRevoked }),
};
