// Rules for `authzen.evaluation`: an enforcer (a principal holding the `enforcer` role,
// e.g. an API gateway) asks, on an agent's behalf, the AuthZEN question "may this
// subject do this action on this resource?". The answer is the same decision an
// agent's own `action.request` gets (evaluateDecision), recorded the same way in
// `actions-<agentId>`; the record names the enforcer (the statement's actor, whose
// signature it keeps) and, in its result, the request the ledger read.
//
// Bearer semantics: the agent does not sign. The enforcer vouches that the agent
// presented the credential; the credential token proves which agent and chain (a JWS a
// ledger key signed, naming the credential by `jti`), and the decision is judged as if
// the agent had presented the key the credential is bound to.
import { err, problem, type Result } from '../../errors/problem';
import { bytesToHex, utf8ToBytes } from '../../integrity/bytes';
import { canonicalize, type JsonValue } from '../../integrity/jcs';
import { sha256 } from '../../integrity/sha256';
import { recordDecision } from '../action/action.decide';
import type { ActionResult } from '../action/action.bodies';
import type { RecordedRequest } from '../action/decision-request';
import { hasRole, notAuthorized } from '../authority/actor';
import { streams } from '../catalogue';
import { hop } from '../decision/chain';
import type { DecisionRequest } from '../decision/decision.types';
import type { NewEvent } from '../shared/events';
import { handler, type DecideContext } from '../shared/handler';
import { parseAuthzenEvaluation, resourceUri, type AuthzenEvaluationBody } from './authzen.bodies';
import { readCredentialToken, type PresentedCredential } from './credential-token';

/** The recorded result: the decision (as for an agent's request) and the request read. */
export type AuthzenResult = ActionResult & { readonly request: RecordedRequest };

/**
 * The request id of an evaluation, from the enforcer and its nonce (unique per
 * enforcer, invariant 8): the approval's id when the decision asks for one.
 */
export function authzenRequestId(enforcer: string, nonce: string): string {
  return `authzen-${bytesToHex(sha256(utf8ToBytes(canonicalize([enforcer, nonce])))).slice(0, 32)}`;
}

function decideEvaluation(ctx: DecideContext<AuthzenEvaluationBody>): Result<NewEvent> {
  const { view, body, actor, statement } = ctx;
  if (!hasRole(actor, 'enforcer')) return notAuthorized('only principals holding the enforcer role ask for decisions on an agent’s behalf');
  const agent = view.agent(body.subject.id);
  if (agent === undefined) return err(problem('agent.not_found', `no agent ${body.subject.id}`, 'body.subject.id'));
  const requestId = authzenRequestId(statement.actor, statement.nonce);
  const presented = readCredentialToken(body.context.credential, view.ledger()?.keys ?? [], ctx.verifier, 'body.context.credential');
  const request = requestOf(body, requestId, presented.ok ? presented.value : undefined);
  const stream = streams.actions(agent.id);
  if (!presented.ok) {
    const denied: AuthzenResult = { decision: 'denied', reason: 'credential.invalid_token', chain: [hop('agent', agent.id, agent.ref)], request };
    return { ok: true, value: { stream, type: 'action.denied', result: denied as unknown as JsonValue } };
  }
  const decisionRequest: DecisionRequest = { ...withoutRequestId(request), presentedKey: view.credential(request.credentialId)?.boundKey ?? '' };
  const recorded = recordDecision(ctx, decisionRequest, requestId, agent.ownerId);
  if (!recorded.ok) return recorded;
  const result: AuthzenResult = { ...recorded.value.result, request };
  return { ok: true, value: { stream, type: recorded.value.type, result: result as unknown as JsonValue } };
}

function requestOf(body: AuthzenEvaluationBody, requestId: string, presented: PresentedCredential | undefined): RecordedRequest {
  const { context } = body;
  const base = {
    requestId,
    agentId: body.subject.id,
    credentialId: presented?.credentialId ?? '',
    action: body.action.name,
    resource: resourceUri(body.resource.type, body.resource.id) ?? '',
    taskId: context.task ?? presented?.taskId ?? '',
  };
  return {
    ...base,
    ...(context.amount === undefined ? {} : { amount: context.amount }),
    ...(context.approval_id === undefined ? {} : { approvalId: context.approval_id }),
  };
}

function withoutRequestId(r: RecordedRequest): Omit<DecisionRequest, 'presentedKey'> {
  const { requestId: _requestId, ...rest } = r;
  return rest;
}

export const authzenHandlers = {
  'authzen.evaluation': handler({ parse: (b: unknown) => parseAuthzenEvaluation(b), decide: decideEvaluation }),
};
