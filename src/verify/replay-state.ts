// `writ replay`: the ledger's state at a point of its history, folded from the log up
// to that point by the domain's own evolve (as the read models answer `asOf`). The
// events are taken as stored: `writ verify` is what checks them.
import { emptyLedgerState, evolve, recordedFromEnvelope, type LedgerState } from '../domain';
import type { Envelope } from '../integrity/envelope';
import { NonceFingerprints } from './nonce-fingerprints';
import { InputError, StoreReader } from './sources';

/** A position (the state right after the event there) or an instant (events recorded at or before it). */
export type ReplayPoint = { readonly position: number } | { readonly time: string };

export function parseReplayPoint(text: string): ReplayPoint | undefined {
  if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return { position: Number(text) };
  const ms = Date.parse(text);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(ms) ? { time: new Date(ms).toISOString() } : undefined;
}

export interface ReplayedState {
  readonly state: LedgerState;
  /** Events folded: the state is the one after position events - 1. */
  readonly events: number;
  /** recordedAt of the last event folded. */
  readonly at: string | undefined;
}

export function replayTo(store: string, point: ReplayPoint): ReplayedState {
  const reader = new StoreReader(store);
  try {
    // Nonces kept compact, as the verifier keeps them: they are most of a long log's state.
    const state = emptyLedgerState(new NonceFingerprints());
    const until = 'position' in point ? point.position + 1 : Number.MAX_SAFE_INTEGER;
    const limit = 'time' in point ? Date.parse(point.time) : Number.POSITIVE_INFINITY;
    let at: string | undefined;
    for (const page of reader.pages(0, until)) {
      for (const line of page) {
        const envelope = JSON.parse(line.text) as Envelope;
        if (Date.parse(envelope.recordedAt) > limit) return { state, events: state.size, at };
        if (line.position !== state.size) throw new InputError(`the store has no event at position ${state.size}: run writ verify`);
        evolve(state, recordedFromEnvelope(envelope, line.position));
        at = envelope.recordedAt;
      }
    }
    if ('position' in point && state.size <= point.position) throw new InputError(`the log has ${state.size} events; there is no position ${point.position}`);
    return { state, events: state.size, at };
  } finally {
    reader.close();
  }
}

/** What `writ replay --json` prints: every principal, agent and delegation with its status. */
export function summarize(replayed: ReplayedState) {
  const { state } = replayed;
  const now = replayed.at === undefined ? 0 : Date.parse(replayed.at);
  const principals = [...state.principals.values()].map((p) => ({ id: p.id, kind: p.kind, name: p.name, roles: p.roles, status: p.status }));
  const agents = [...state.agents.values()].map((a) => ({
    id: a.id, ownerId: a.ownerId, ...(a.parentAgentId ? { parentAgentId: a.parentAgentId } : {}), status: a.lifecycle, needsReview: a.needsReview, model: a.model,
  }));
  const delegations = [...state.delegations.values()].map((d) => ({
    id: d.id, delegatorId: d.delegatorId, delegateeId: d.delegateeId,
    ...(d.parentId ? { parentId: d.parentId } : {}), ...(d.entitlementId ? { entitlementId: d.entitlementId } : {}),
    status: d.status === 'revoked' ? 'revoked' : now > d.notAfter ? 'expired' : now < d.notBefore ? 'not_yet_valid' : 'active',
    notBefore: new Date(d.notBefore).toISOString(), notAfter: new Date(d.notAfter).toISOString(),
  }));
  const countBy = <T>(items: readonly T[], key: (t: T) => string) => items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});
  const credentials = [...state.credentials.values()];
  return {
    ledgerId: state.ledger?.ledgerId ?? null,
    events: replayed.events,
    position: replayed.events - 1,
    at: replayed.at ?? null,
    counts: {
      principals: countBy(principals, (p) => p.status),
      agents: countBy(agents, (a) => a.status),
      delegations: countBy(delegations, (d) => d.status),
      credentials: countBy(credentials, (c) => (c.status === 'revoked' ? 'revoked' : now > c.expiresAt ? 'expired' : 'active')),
      entitlements: countBy([...state.entitlements.values()], (e) => e.status),
      approvals: countBy([...state.approvals.values()], (a) => a.status),
    },
    principals,
    agents,
    delegations,
  };
}
