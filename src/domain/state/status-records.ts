// The status record of an entity: what the verifiable state map commits to for each
// principal, agent, entitlement, delegation and credential (docs/evidence-bundle.md).
// The runtime (for the checkpoints it signs) and the offline verifier (to check them)
// both derive the map from the state with these functions, so they cannot disagree.
import { sha256Utf8 } from '../../integrity/sha256';
import { stateKey } from '../../integrity/state-map/hashing';
import type { RecordedEvent } from '../shared/events';
import { formatInstant } from '../shared/time';
import { agentStatus } from './aggregates';
import type { LedgerState } from './ledger-state';

export const STATUS_KINDS = ['principal', 'agent', 'entitlement', 'delegation', 'credential'] as const;
export type StatusKind = (typeof STATUS_KINDS)[number];

export interface StatusRecord {
  readonly kind: StatusKind;
  readonly id: string;
  /** principal: active|deactivated; agent: active|suspended|needs-review|deprovisioned; others: active|revoked. */
  readonly status: string;
  /** Delegations and credentials: when they are valid, RFC 3339 UTC with milliseconds. */
  readonly window?: { readonly notBefore: string; readonly notAfter: string };
  /** Global position of the entity's latest event: nothing changed it after this. */
  readonly position: number;
}

export interface EntityRef {
  readonly kind: StatusKind;
  readonly id: string;
}

/** The record of an entity in a state, or undefined when the state has no such entity. */
export function statusRecord(state: LedgerState, kind: StatusKind, id: string): StatusRecord | undefined {
  switch (kind) {
    case 'principal': {
      const p = state.principals.get(id);
      return p && { kind, id, status: p.status, position: p.ref.position };
    }
    case 'agent': {
      const a = state.agents.get(id);
      return a && { kind, id, status: agentStatus(a), position: a.ref.position };
    }
    case 'entitlement': {
      const e = state.entitlements.get(id);
      return e && { kind, id, status: e.status, position: e.ref.position };
    }
    case 'delegation': {
      const d = state.delegations.get(id);
      return d && { kind, id, status: d.status, window: windowOf(d.notBefore, d.notAfter), position: d.ref.position };
    }
    case 'credential': {
      const c = state.credentials.get(id);
      return c && { kind, id, status: c.status, window: windowOf(c.issuedAt, c.expiresAt), position: c.ref.position };
    }
  }
}

/** The map key of an entity: SHA-256 of `<kind>:<id>` (ids are unique only within a kind). */
export const entityKey = (kind: StatusKind, id: string): Uint8Array => stateKey(`${kind}:${id}`);

/** The map value of a record: SHA-256 of its RFC 8785 canonical JSON. */
export const statusRecordHash = (record: StatusRecord): Uint8Array => sha256Utf8(canonicalStatusRecord(record));

/**
 * A record's RFC 8785 (JCS) text, written directly: its members are known, so their
 * order is fixed; strings are serialized as JSON.stringify does, which is what JCS
 * specifies; a position is a safe integer. The generic canonicalizer gives the same
 * text (a property test holds them together) in about eight times the time, once per
 * status change (bench row "state map: a status change folded and the root rehashed").
 */
export function canonicalStatusRecord(record: StatusRecord): string {
  const window = record.window === undefined ? '' : `,"window":{"notAfter":${JSON.stringify(record.window.notAfter)},"notBefore":${JSON.stringify(record.window.notBefore)}}`;
  return `{"id":${JSON.stringify(record.id)},"kind":${JSON.stringify(record.kind)},"position":${record.position},"status":${JSON.stringify(record.status)}${window}}`;
}

/**
 * The entities an event (already folded into the state) may have changed. Events of the
 * actions and checkpoints streams change no status: decisions never touch the map.
 */
export function entitiesChangedBy(state: LedgerState, event: RecordedEvent): readonly EntityRef[] {
  const body = (event.statement.body ?? {}) as Record<string, unknown>;
  const named = (kind: StatusKind, field: string): EntityRef[] => (typeof body[field] === 'string' ? [{ kind, id: body[field] as string }] : []);
  const dash = event.stream.indexOf('-');
  switch (dash < 0 ? event.stream : event.stream.slice(0, dash)) {
    case 'ledger':
      return ledgerPrincipals(state, event, body);
    case 'principal':
      return [...named('principal', 'principalId'), ...named('entitlement', 'entitlementId')];
    case 'agent':
      return named('agent', 'agentId');
    case 'delegation':
      return named('delegation', 'delegationId');
    case 'credential':
      return named('credential', 'credentialId');
    default:
      return [];
  }
}

function ledgerPrincipals(state: LedgerState, event: RecordedEvent, body: Record<string, unknown>): EntityRef[] {
  const ledger = state.ledger?.principalId;
  const refs: EntityRef[] = ledger === undefined ? [] : [{ kind: 'principal', id: ledger }];
  if (event.type === 'ledger.genesis' && Array.isArray(body['admins'])) {
    for (const admin of body['admins'] as { principalId?: unknown }[]) {
      if (typeof admin?.principalId === 'string') refs.push({ kind: 'principal', id: admin.principalId });
    }
  }
  return refs;
}

function windowOf(notBefore: number, notAfter: number): { notBefore: string; notAfter: string } {
  return { notBefore: formatInstant(notBefore), notAfter: formatInstant(notAfter) };
}
