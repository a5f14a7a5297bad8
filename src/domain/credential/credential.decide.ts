// Rules for credential-<id> streams. A credential is issued to the delegatee of a live
// chain, for one task, with capabilities covered by the delegation, bound to the
// agent's current key, for a short TTL that never outlives the chain (invariant 2).
import { err, ok, problem, type Result } from '../../errors/problem';
import { isLedger, notAuthorized } from '../authority/actor';
import { mayRevokeUnder } from '../authority/revocation';
import { streams } from '../catalogue';
import { checkCascade } from '../cascade/cause';
import { credentialInScope } from '../cascade/scope';
import { chainEnd, chainHops, chainProblem, collectChain } from '../decision/chain';
import { attenuated } from '../shared/attenuated';
import type { NewEvent } from '../shared/events';
import { handler, type DecideContext } from '../shared/handler';
import { formatInstant } from '../shared/time';
import type { JsonValue } from '../../integrity/jcs';
import {
  CREDENTIAL_TOKEN_FORMAT,
  parseCredentialRequest,
  parseCredentialRevoked,
  type CredentialIssuedResult,
  type CredentialRequestBody,
  type CredentialRevokedBody,
} from './credential.bodies';

function decideRequest(ctx: DecideContext<CredentialRequestBody>): Result<NewEvent> {
  const { view, body, actor, policy } = ctx;
  if (actor.kind !== 'agent') return notAuthorized('credentials are issued to agents, on their own request');
  if (view.credential(body.credentialId) !== undefined) {
    return err(problem('credential.already_exists', `credential ${body.credentialId} exists`, 'body.credentialId'));
  }
  const d = view.delegation(body.delegationId);
  if (d === undefined) return err(problem('delegation.not_found', `no delegation ${body.delegationId}`, 'body.delegationId'));
  if (d.delegateeId !== actor.id) return notAuthorized('only the delegatee asks for a credential under a delegation', 'body.delegationId');
  const chain = collectChain(view, d);
  const dead = chainProblem(chain, ctx.now, 'body.delegationId');
  if (dead !== undefined) return err(dead);
  const capabilities = body.capabilities ?? d.capabilities;
  const covered = attenuated(d.capabilities, capabilities, 'credential.not_attenuated');
  if (!covered.ok) return covered;
  const ttl = body.ttlSeconds ?? policy.credentialTtlSeconds;
  if (ttl > policy.maxCredentialTtlSeconds) {
    return err(problem('body.invalid', `ttlSeconds must be at most ${policy.maxCredentialTtlSeconds}`, 'body.ttlSeconds'));
  }
  const result: CredentialIssuedResult = {
    issuedAt: ctx.recordedAt,
    expiresAt: formatInstant(Math.min(ctx.now + ttl * 1000, chainEnd(chain))),
    boundKey: actor.agent.key.encoded,
    capabilities,
    chain: chainHops(chain),
    tokenFormat: CREDENTIAL_TOKEN_FORMAT,
  };
  return ok({ stream: streams.credential(body.credentialId), type: 'credential.issued', result: result as unknown as JsonValue });
}

/** The agent itself, whoever may revoke its delegation, or the ledger as a cascade. */
function decideRevoked(ctx: DecideContext<CredentialRevokedBody>): Result<NewEvent> {
  const { view, body, actor } = ctx;
  const c = view.credential(body.credentialId);
  if (c === undefined) return err(problem('credential.not_found', `no credential ${body.credentialId}`, 'body.credentialId'));
  const cascade = checkCascade(view, isLedger(view, actor.id), body.cause, (cause) => credentialInScope(view, cause, c), 'body.credentialId');
  if (!cascade.ok) return cascade;
  const d = view.delegation(c.delegationId);
  const mayRevoke = actor.id === c.agentId || (d !== undefined && mayRevokeUnder(view, actor.id, d));
  if (!cascade.value && !mayRevoke) return notAuthorized('the agent, anyone who may revoke its delegation, or an admin revokes a credential');
  if (c.status === 'revoked') return err(problem('state.unchanged', 'already revoked', 'body.credentialId'));
  return ok({ stream: streams.credential(c.id), type: 'credential.revoked' });
}

export const credentialHandlers = {
  'credential.request': handler({ parse: parseCredentialRequest, decide: decideRequest }),
  'credential.revoked': handler({ parse: parseCredentialRevoked, decide: decideRevoked }),
};
