// Bodies of actions-<agentId> statements: an agent's request ("may I do this now?")
// and a human's answer to an approval request.
import { problem, type Problem, type Result } from '../../errors/problem';
import { parseConcreteResource } from '../capability';
import type { Decision } from '../decision/decision.types';
import { amount, finish, id, optionalId, optionalText, readObject, text, withoutUndefined } from '../shared/body-reader';

export interface ActionRequestBody {
  /** Client-chosen; becomes the approval id if the action needs an approval. */
  readonly requestId: string;
  readonly credentialId: string;
  readonly action: string;
  /** A concrete resource (no wildcards). */
  readonly resource: string;
  readonly amount?: number;
  readonly taskId: string;
  /** A granted approval for exactly this action. */
  readonly approvalId?: string;
}

export interface ApprovalAnswerBody {
  readonly agentId: string;
  readonly approvalId: string;
  readonly note?: string;
}

/** The recorded result of an action request: the decision and, when one is asked, the approval. */
export type ActionResult =
  | Decision
  | (Extract<Decision, { decision: 'approval_required' }> & {
      readonly approvalId: string;
      readonly actionHash: string;
      readonly approvers: readonly string[];
      readonly expiresAt: string;
    });

export function parseActionRequest(body: unknown): Result<ActionRequestBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['requestId', 'credentialId', 'action', 'resource', 'amount', 'taskId', 'approvalId']);
  const value = {
    requestId: id(f, 'requestId'),
    credentialId: id(f, 'credentialId'),
    action: text(f, 'action', 64),
    resource: text(f, 'resource', 1024),
    amount: amount(f, 'amount'),
    taskId: id(f, 'taskId'),
    approvalId: optionalId(f, 'approvalId'),
  };
  if (value.resource !== '' && parseConcreteResource(value.resource) === undefined) {
    problems.push(problem('body.invalid', 'resource must be a concrete resource URI (no wildcards)', 'body.resource'));
  }
  return finish(problems, () => withoutUndefined(value));
}

export function parseApprovalAnswer(body: unknown): Result<ApprovalAnswerBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['agentId', 'approvalId', 'note']);
  const value = { agentId: id(f, 'agentId'), approvalId: id(f, 'approvalId'), note: optionalText(f, 'note') };
  return finish(problems, () => withoutUndefined(value));
}
