// Folding actions-<agentId> streams: approvals, and the counters rate conditions read.
import type { Capability } from '../capability';
import type { ChainHop } from '../decision/chain';
import { rateKey, recordAllowed } from '../decision/rate';
import { refOf, type RecordedEvent } from '../shared/events';
import type { Evolver } from '../shared/handler';
import { parseInstant } from '../shared/time';
import type { LedgerState } from '../state/ledger-state';
import { update } from '../state/mutate';
import type { ActionResult, ApprovalAnswerBody } from './action.bodies';
import { decisionRequestOf } from './decision-request';

function capabilitiesOf(state: LedgerState, hop: ChainHop): readonly Capability[] | undefined {
  if (hop.kind === 'entitlement') {
    const e = state.entitlements.get(hop.id);
    return e === undefined ? undefined : [e.capability];
  }
  if (hop.kind === 'delegation') return state.delegations.get(hop.id)?.capabilities;
  if (hop.kind === 'credential') return state.credentials.get(hop.id)?.capabilities;
  return undefined;
}

/** Counts an allowed decision against every rated capability it was judged by. */
function countAllowed(state: LedgerState, chain: readonly ChainHop[], atMs: number): void {
  for (const hop of chain) {
    if (hop.capability === undefined) continue;
    const rate = capabilitiesOf(state, hop)?.[hop.capability]?.conditions?.rate;
    if (rate === undefined) continue;
    const key = rateKey(hop.kind, hop.id, hop.capability);
    state.rates.set(key, recordAllowed(state.rates.get(key), rate, atMs));
  }
}

const authorized: Evolver = (state, event) => {
  const result = event.result as Extract<ActionResult, { decision: 'allowed' }>;
  countAllowed(state, result.chain, parseInstant(event.recordedAt) ?? 0);
  if (result.approvalId !== undefined) {
    update(state.approvals, result.approvalId, (a) => ({ ...a, status: 'used' as const, ref: refOf(event) }));
  }
};

const denied: Evolver = () => undefined;

const requested: Evolver = (state, event) => {
  const r = event.result as Extract<ActionResult, { approvalId: string; actionHash: string }>;
  state.approvals.set(r.approvalId, {
    id: r.approvalId,
    agentId: decisionRequestOf(event)?.agentId ?? event.statement.actor,
    actionHash: r.actionHash,
    approvers: r.approvers,
    expiresAt: parseInstant(r.expiresAt) ?? 0,
    status: 'pending',
    ref: refOf(event),
  });
};

const answered = (status: 'granted' | 'refused'): Evolver => (state, event: RecordedEvent) => {
  const { approvalId } = event.statement.body as ApprovalAnswerBody;
  update(state.approvals, approvalId, (a) => ({ ...a, status, ref: refOf(event) }));
};

export const actionEvolvers = {
  'action.authorized': authorized,
  'action.denied': denied,
  'approval.requested': requested,
  'approval.granted': answered('granted'),
  'approval.refused': answered('refused'),
};
