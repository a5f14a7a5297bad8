// The subject's chain as of the bundle's checkpoint, judged by the domain's own liveness
// rules (chainProblem: invariant 4 and 7) over the replayed state, whose every entity
// the state map proofs confirmed. A checkpoint carries no time, so windows are judged
// at the decision's time (for a decision) or at the latest bundled event's time; each
// record carries its window for any other instant.
import type { ErrorCode } from '../../errors/codes';
import { agentStatusProblem, deniedAsOrphan, orphanedProblem } from '../../domain/agent/agent.rules';
import { chainProblem, collectChain } from '../../domain/decision/chain';
import type { HopId } from '../../domain/decision/decision.types';
import { formatInstant } from '../../domain/shared/time';
import { viewOf, type LedgerState } from '../../domain/state/ledger-state';
import type { LedgerView } from '../../domain/state/view';
import type { Problem } from '../../errors/problem';
import type { BundleSubject } from './bundle-format';
import type { CheckedEvent } from './bundle-events';

export interface ChainVerdict {
  /** True when every hop is live at the checkpoint (statuses) and at `judgedAt` (windows). */
  readonly valid: boolean;
  readonly judgedAt: string;
  /** The first dead hop, root first, as a decision would name it. */
  readonly reason?: ErrorCode;
  readonly message?: string;
  readonly hop?: HopId;
}

export function chainAtCheckpoint(
  state: LedgerState,
  subject: BundleSubject,
  decision: { readonly recordedAt: string; readonly request: { readonly credentialId: string; readonly agentId: string } } | undefined,
  events: readonly CheckedEvent[],
): ChainVerdict {
  const judgedAt = decision?.recordedAt ?? events[events.length - 1]?.envelope.recordedAt ?? formatInstant(0);
  const now = Date.parse(judgedAt);
  const view = viewOf(state);
  const found = subject.kind === 'decision' ? credentialProblem(view, decision!.request.credentialId, now) : subjectProblem(view, subject, now);
  if (found === undefined) return { valid: true, judgedAt };
  const hop = (found.details as { hop?: HopId } | undefined)?.hop;
  return { valid: false, judgedAt, reason: found.code, message: found.message, ...(hop === undefined ? {} : { hop }) };
}

const missing = (kind: HopId['kind'], id: string): Problem => ({
  code: `${kind}.not_found` as ErrorCode,
  message: `${kind} ${id} is not in the bundle`,
  path: '',
  details: { hop: { kind, id } },
});

function credentialProblem(view: LedgerView, id: string, now: number): Problem | undefined {
  const c = view.credential(id);
  if (c === undefined) return missing('credential', id);
  const chained = delegationProblem(view, c.delegationId, now);
  if (chained !== undefined) return chained;
  const hop = { hop: { kind: 'credential', id } };
  if (c.status === 'revoked') return { code: 'credential.revoked', message: `credential ${id} is revoked`, path: '', details: hop };
  if (now >= c.expiresAt) return { code: 'credential.expired', message: `credential ${id} has expired`, path: '', details: hop };
  return undefined;
}

function delegationProblem(view: LedgerView, id: string, now: number): Problem | undefined {
  const d = view.delegation(id);
  return d === undefined ? missing('delegation', id) : chainProblem(collectChain(view, d), now, '');
}

function subjectProblem(view: LedgerView, subject: Exclude<BundleSubject, { kind: 'decision' }>, now: number): Problem | undefined {
  if (subject.kind === 'credential') return credentialProblem(view, subject.id, now);
  if (subject.kind === 'delegation') return delegationProblem(view, subject.id, now);
  const agent = view.agent(subject.id);
  if (agent === undefined) return missing('agent', subject.id);
  const status = agentStatusProblem(agent, '') ?? (deniedAsOrphan(view, agent) ? orphanedProblem(agent, '') : undefined);
  return status === undefined ? undefined : { ...status, details: { hop: { kind: 'agent', id: agent.id } } };
}
