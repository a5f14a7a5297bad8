// What an agent is told when it asks "may I do this now?": the decision the ledger
// recorded (action.authorized, action.denied or approval.requested), read back from the
// receipt's result, with each hop of the chain named by its event hash and leaf index.
// A decision that could not be recorded is a denial (fail closed): nothing in the log
// backs it, so nothing may be allowed on it.
import type { ErrorCode } from '../../errors/codes';
import type { Problem } from '../../errors/problem';
import type { Receipt } from '../ledger/ledger.port';

export type DecisionOutcome = 'allowed' | 'denied' | 'approval_required';

export interface DecisionHop {
  readonly kind: string;
  readonly id: string;
  /** Hash of the hop's latest event when the decision was made. */
  readonly eventHash: string;
  /** That event's global position (Merkle leaf index). */
  readonly leafIndex: number;
  /** For capability-bearing hops: the index of the capability the request was judged by. */
  readonly capability?: number;
}

export interface AuthorizeAnswer {
  readonly decision: DecisionOutcome;
  /** The reason code of a denial or of an approval requirement. */
  readonly reason?: ErrorCode;
  /** The hop that failed, for a denial that names one. */
  readonly hop?: { readonly kind: string; readonly id: string };
  readonly chain: readonly DecisionHop[];
  /** The approval asked for (approval_required) or used (allowed). */
  readonly approvalId?: string;
  readonly threshold?: number;
  readonly approvers?: readonly string[];
  /** Until when the approval may be answered and used. */
  readonly expiresAt?: string;
  /** The recorded decision's receipt; absent only when it failed closed. */
  readonly receipt?: Receipt;
  readonly replayed: boolean;
  /** True when the decision could not be recorded and is therefore a denial. */
  readonly failedClosed: boolean;
}

export const DECISION_EVENT_TYPES: Readonly<Record<string, DecisionOutcome>> = {
  'action.authorized': 'allowed',
  'action.denied': 'denied',
  'approval.requested': 'approval_required',
};

interface RecordedHop {
  readonly kind: string;
  readonly id: string;
  readonly hash: string;
  readonly position: number;
  readonly capability?: number;
}

interface RecordedDecision {
  readonly decision: DecisionOutcome;
  readonly reason?: ErrorCode;
  readonly hop?: { kind: string; id: string };
  readonly chain: readonly RecordedHop[];
  readonly approvalId?: string;
  readonly threshold?: number;
  readonly approvers?: readonly string[];
  readonly expiresAt?: string;
}

/** The answer for a recorded decision; undefined when the receipt holds none. */
export function answerOf(receipt: Receipt, replayed: boolean): AuthorizeAnswer | undefined {
  const outcome = DECISION_EVENT_TYPES[receipt.type];
  const result = receipt.result as RecordedDecision | undefined;
  if (outcome === undefined || result === undefined || result.decision !== outcome || !Array.isArray(result.chain)) return undefined;
  return {
    decision: outcome,
    ...optional('reason', result.reason),
    ...optional('hop', result.hop),
    chain: result.chain.map(hopOf),
    ...optional('approvalId', result.approvalId),
    ...optional('threshold', result.threshold),
    ...optional('approvers', result.approvers),
    ...optional('expiresAt', result.expiresAt),
    receipt,
    replayed,
    failedClosed: false,
  };
}

/** Fail closed: the decision is a denial that names why, with nothing recorded. */
export function failedClosed(): AuthorizeAnswer {
  return { decision: 'denied', reason: 'decision.not_recorded', chain: [], replayed: false, failedClosed: true };
}

/** Refusals that mean "the ledger could not record", not "the request is malformed". */
const UNRECORDABLE = new Set<string>(['store.unavailable', 'store.too_large', 'store.read_only', 'store.version_conflict', 'internal.error']);

export const cannotRecord = (problems: readonly Problem[]): boolean => problems.some((p) => UNRECORDABLE.has(p.code));

const hopOf = (h: RecordedHop): DecisionHop => ({
  kind: h.kind,
  id: h.id,
  eventHash: h.hash,
  leafIndex: h.position,
  ...optional('capability', h.capability),
});

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
