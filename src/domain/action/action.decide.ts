// Rules for actions-<agentId> streams. An agent's request is always recorded once
// its body is well formed: as action.authorized, action.denied (with the reason) or
// approval.requested. Approvers answer with approval.granted or approval.refused.
import { err, ok, problem, type Result } from '../../errors/problem';
import type { JsonValue } from '../../integrity/jcs';
import { notAuthorized } from '../authority/actor';
import { streams, type EventType } from '../catalogue';
import { evaluateDecision } from '../decision/evaluate-decision';
import type { DecisionRequest } from '../decision/decision.types';
import type { NewEvent } from '../shared/events';
import { handler, type DecideContext } from '../shared/handler';
import { formatInstant } from '../shared/time';
import type { LedgerView } from '../state/view';
import { parseActionRequest, parseApprovalAnswer, type ActionRequestBody, type ActionResult, type ApprovalAnswerBody } from './action.bodies';
import { actionHash, eligibleApprovers } from './approval';

const EVENT_OF = { allowed: 'action.authorized', denied: 'action.denied', approval_required: 'approval.requested' } as const;

function decideRequest(ctx: DecideContext<ActionRequestBody>): Result<NewEvent> {
  const { body, actor } = ctx;
  if (actor.kind !== 'agent') return notAuthorized('only agents ask for decisions');
  const request = { ...body, agentId: actor.id, presentedKey: actor.agent.key.encoded };
  const recorded = recordDecision(ctx, request, body.requestId, actor.agent.ownerId);
  return recorded.ok ? ok({ ...recorded.value, result: recorded.value.result as unknown as JsonValue }) : recorded;
}

/**
 * Decides a request against the head and says what to record in `actions-<agentId>`:
 * the decision and, when an approval is needed, the approval request (its id is the
 * request's id). Agents' requests and enforcers' AuthZEN evaluations both come here.
 */
export function recordDecision(
  ctx: Pick<DecideContext<unknown>, 'view' | 'now' | 'policy'>,
  request: DecisionRequest,
  requestId: string,
  ownerId: string,
): Result<{ readonly stream: string; readonly type: EventType; readonly result: ActionResult }> {
  const { view } = ctx;
  const decision = evaluateDecision(view, request, ctx.now);
  let result: ActionResult = decision;
  if (decision.decision === 'approval_required') {
    if (view.approval(requestId) !== undefined) {
      return err(problem('approval.already_exists', `approval ${requestId} exists`, 'body.requestId'));
    }
    result = {
      ...decision,
      approvalId: requestId,
      actionHash: actionHash(request),
      approvers: eligibleApprovers(ownerId, rootHuman(decision.chain)),
      expiresAt: formatInstant(ctx.now + ctx.policy.approvalTtlSeconds * 1000),
    };
  }
  return ok({ stream: streams.actions(request.agentId), type: EVENT_OF[decision.decision], result });
}

const rootHuman = (chain: ActionResult['chain']) => chain.find((h) => h.kind === 'principal')?.id;

function decideAnswer(type: 'approval.granted' | 'approval.refused') {
  return (ctx: DecideContext<ApprovalAnswerBody>): Result<NewEvent> => {
    const { view, body } = ctx;
    const problemFound = answerProblem(view, body, ctx.actor.id, ctx.now);
    return problemFound ?? ok({ stream: streams.actions(body.agentId), type });
  };
}

function answerProblem(view: LedgerView, body: ApprovalAnswerBody, actorId: string, now: number): Result<never> | undefined {
  const approval = view.approval(body.approvalId);
  if (approval === undefined || approval.agentId !== body.agentId) {
    return err(problem('approval.not_found', `no approval ${body.approvalId} for agent ${body.agentId}`, 'body.approvalId'));
  }
  if (!approval.approvers.includes(actorId)) return notAuthorized("only the agent's owner or the human at the root of its chain answers");
  if (approval.status !== 'pending') return err(problem('approval.already_decided', `the approval is ${approval.status}`, 'body.approvalId'));
  if (now >= approval.expiresAt) return err(problem('approval.expired', 'the approval request has expired', 'body.approvalId'));
  return undefined;
}

export const actionHandlers = {
  'action.request': handler({ parse: parseActionRequest, decide: decideRequest }),
  'approval.granted': handler({ parse: parseApprovalAnswer, decide: decideAnswer('approval.granted') }),
  'approval.refused': handler({ parse: parseApprovalAnswer, decide: decideAnswer('approval.refused') }),
};
