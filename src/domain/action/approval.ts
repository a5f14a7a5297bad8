// Approvals: a human's yes for one exact action. The approval is bound to the hash of
// the action's fields (not to a credential: the agent may need a fresh one by the time
// a human answers), used at most once, and usable only until it expires.
import { problem, type Problem } from '../../errors/problem';
import { bytesToHex, utf8ToBytes } from '../../integrity/bytes';
import { canonicalize } from '../../integrity/jcs';
import { sha256 } from '../../integrity/sha256';
import type { ApprovalState } from '../state/aggregates';

export interface ApprovedAction {
  readonly agentId: string;
  readonly action: string;
  readonly resource: string;
  readonly amount?: number;
  readonly taskId: string;
}

/** sha256 (hex) of the RFC 8785 form of the action's fields. */
export function actionHash(a: ApprovedAction): string {
  const fields = { agentId: a.agentId, action: a.action, resource: a.resource, taskId: a.taskId };
  const value = a.amount === undefined ? fields : { ...fields, amount: a.amount };
  return bytesToHex(sha256(utf8ToBytes(canonicalize(value))));
}

/**
 * Who may answer an approval request: the agent's owner and the human at the root of
 * its chain (often the same person), fixed when the request is recorded.
 */
export function eligibleApprovers(ownerId: string, rootHumanId: string | undefined): string[] {
  const ids = rootHumanId === undefined || rootHumanId === ownerId ? [ownerId] : [ownerId, rootHumanId];
  return ids.sort();
}

/** Why an approval cannot be used for this action now; undefined if it can. */
export function approvalProblem(approval: ApprovalState | undefined, id: string, agentId: string, hash: string, now: number, path: string): Problem | undefined {
  if (approval === undefined) return problem('approval.not_found', `no approval ${id}`, path);
  if (approval.agentId !== agentId || approval.actionHash !== hash) {
    return problem('approval.mismatch', 'the approval is for a different action', path, { actionHash: approval.actionHash });
  }
  if (approval.status === 'used') return problem('approval.used', 'the approval was already used', path);
  if (approval.status !== 'granted') return problem('approval.not_granted', `the approval is ${approval.status}`, path);
  if (now >= approval.expiresAt) return problem('approval.expired', 'the approval has expired', path);
  return undefined;
}

