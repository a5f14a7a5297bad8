// Rules for actions-<agentId> streams. An agent's request is always recorded once
// its body is well formed: as action.authorized, action.denied (with the reason) or
// approval.requested. Approvers answer with approval.granted or approval.refused.
import { err, ok, problem, type Result } from '../../errors/problem';
import type { JsonValue } from '../../integrity/jcs';
import { notAuthorized } from '../authority/actor';
import { streams, type EventType } from '../catalogue';
import { evaluateDecision } from '../decision/evaluate-decision';
import type { NewEvent } from '../shared/events';
import { handler, type DecideContext } from '../shared/handler';
import { formatInstant } from '../shared/time';
import type { LedgerView } from '../state/view';
import { parseActionRequest, parseApprovalAnswer, type ActionRequestBody, type ActionResult, type ApprovalAnswerBody } from './action.bodies';
import { actionHash, eligibleApprovers } from './approval';

const EVENT_OF = { allowed: 'action.authorized', denied: 'action.denied', approval_required: 'approval.requested' } as const;

function decideRequest(ctx: DecideContext<ActionRequestBody>): Result<NewEvent> {
  const { view, body, actor } = ctx;
  if (actor.kind !== 'agent') return notAuthorized('only agents ask for decisions');
  const request = { ...body, agentId: actor.id, presentedKey: actor.agent.key.encoded };
  const decision = evaluateDecision(view, request, ctx.now);
  let result: ActionResult = decision;
  if (decision.decision === 'approval_required') {
    if (view.approval(body.requestId) !== undefined) {
      return err(problem('approval.already_exists', `approval ${body.requestId} exists`, 'body.requestId'));
    }
    result = {
      ...decision,
      approvalId: body.requestId,
      actionHash: actionHash(request),
      approvers: eligibleApprovers(actor.agent.ownerId, rootHuman(decision.chain)),
      expiresAt: formatInstant(ctx.now + ctx.policy.approvalTtlSeconds * 1000),
    };
  }
  const type: EventType = EVENT_OF[decision.decision];
  return ok({ stream: streams.actions(actor.id), type, result: result as unknown as JsonValue });
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
