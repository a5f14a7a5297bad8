// What a recorded decision (action.authorized, action.denied, approval.requested) was
// asked about, whoever asked. Two statements are decided into those events: an agent's
// own `action.request` (the agent is the statement's actor, the body is the request),
// and an enforcer's `authzen.evaluation` (the enforcer is the actor, the body is an
// AuthZEN request, and the ledger records the request it read from it in the result).
// Every consumer (evolve, projections, feeds, verification) reads decisions through
// this one function rather than from the statement's actor and body.
import type { Statement } from '../../integrity/statement/statement.types';
import type { DecisionRequest } from '../decision/decision.types';
import type { ActionRequestBody } from './action.bodies';

/**
 * The request a decision judged (DecisionRequest less the presented key), with its id and,
 * for AuthZEN, its enforcer. `credentialId` is empty when an enforcer presented a token
 * that names no credential of this ledger.
 */
export type DecisionRequestRecord = Omit<DecisionRequest, 'presentedKey'> & {
  /** The request's id: the approval's id if one is asked. */
  readonly requestId: string;
  /** The enforcer (gateway) that asked on the agent's behalf; absent when the agent asked. */
  readonly enforcer?: string;
};

/** The request as an AuthZEN decision records it in its result (`result.request`). */
export type RecordedRequest = Omit<DecisionRequestRecord, 'enforcer'>;

/** The request behind a recorded decision; undefined for any other event. */
export function decisionRequestOf(event: { readonly type: string; readonly statement: Statement; readonly result?: unknown }): DecisionRequestRecord | undefined {
  const { statement } = event;
  if (statement.type === 'authzen.evaluation') {
    const request = (event.result as { request?: RecordedRequest } | null | undefined)?.request;
    return request === undefined ? undefined : { ...request, enforcer: statement.actor };
  }
  if (statement.type === 'action.request' || DECISION_EVENTS.has(event.type)) {
    const b = statement.body as ActionRequestBody;
    const base = { agentId: statement.actor, requestId: b.requestId, credentialId: b.credentialId, action: b.action, resource: b.resource, taskId: b.taskId };
    if (b.amount === undefined && b.approvalId === undefined) return base;
    return { ...base, ...(b.amount === undefined ? {} : { amount: b.amount }), ...(b.approvalId === undefined ? {} : { approvalId: b.approvalId }) };
  }
  return undefined;
}

const DECISION_EVENTS: ReadonlySet<string> = new Set(['action.authorized', 'action.denied', 'approval.requested']);
