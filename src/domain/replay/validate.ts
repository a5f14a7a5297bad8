// Re-deciding a recorded event from the state before it, as the offline verifier
// does for every event: an event the domain would have refused (an attenuation breach,
// a delegation by a suspended agent, a statement signed with a rotated-out key) or
// whose recorded result differs from what the rules derive (a forged decision) is
// reported with its code.
import { err, ok, problem, type Result } from '../../errors/problem';
import { decide, signerKeyFor } from '../decide';
import type { RecordedEvent } from '../shared/events';
import type { LedgerView } from '../state/view';

/**
 * `signerKey` is the base64url key the event's signature was verified with; it must be
 * the actor's key current at that point (invariant 8).
 */
export function validate(view: LedgerView, event: RecordedEvent, signerKey: string): Result<void> {
  if (event.position !== view.size) {
    return err(problem('replay.position_mismatch', `event at ${event.position}, expected ${view.size}`, 'position'));
  }
  const expectedKey = signerKeyFor(view, event.statement);
  if (expectedKey !== undefined && expectedKey !== signerKey) {
    return err(problem('actor.key_not_current', `not signed with ${event.statement.actor}'s key current at this point`, 'signature'));
  }
  const decided = decide(view, { statement: event.statement, recordedAt: event.recordedAt });
  if (!decided.ok) return decided;
  const expected = decided.value;
  if (expected.type !== event.type) {
    const reason = (expected.result as { reason?: unknown } | undefined)?.reason;
    const why = typeof reason === 'string' ? ` (${reason})` : '';
    return err(problem('replay.type_mismatch', `recorded as ${event.type}, the rules give ${expected.type}${why}`, 'type'));
  }
  if (expected.stream !== event.stream) {
    return err(problem('replay.stream_mismatch', `recorded in ${event.stream}, the rules give ${expected.stream}`, 'stream'));
  }
  if (!sameJson(expected.result ?? null, event.result ?? null)) {
    return err(problem('replay.result_mismatch', 'the recorded result differs from what the rules derive', 'result'));
  }
  return ok(undefined);
}

/**
 * Equality of JSON values as RFC 8785 would judge it (member order aside), without
 * building both canonical texts: this runs once per event on replay.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && sameItems(a, b);
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  let members = 0;
  for (const key of keys) {
    const v = x[key];
    if (v === undefined) continue;
    members++;
    if (!sameJson(v, y[key])) return false;
  }
  for (const key of Object.keys(y)) if (y[key] !== undefined) members--;
  return members === 0;
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
  return true;
}
