// Re-deciding a recorded event from the state before it, as the offline verifier
// does for every event: an event the domain would have refused (an attenuation breach,
// a delegation by a suspended agent, a statement signed with a rotated-out key) or
// whose recorded result differs from what the rules derive (a forged decision) is
// reported with its code.
import { err, ok, problem, type Result } from '../../errors/problem';
import type { Ed25519Verifier } from '../../integrity/ed25519';
import { decide, signerKeyFor } from '../decide';
import { isEarlierCredentialResult } from '../credential/credential.legacy';
import type { RecordedEvent } from '../shared/events';
import type { LedgerView } from '../state/view';
import { sameJson } from './same-json';

/**
 * `signerKey` is the base64url key the event's signature was verified with; it must be
 * the actor's key current at that point (invariant 8). `verifier` checks signatures
 * inside bodies (see DecideCommand).
 */
export function validate(view: LedgerView, event: RecordedEvent, signerKey: string, verifier?: Ed25519Verifier): Result<void> {
  if (event.position !== view.size) {
    return err(problem('replay.position_mismatch', `event at ${event.position}, expected ${view.size}`, 'position'));
  }
  const expectedKey = signerKeyFor(view, event.statement);
  if (expectedKey !== undefined && expectedKey !== signerKey) {
    return err(problem('actor.key_not_current', `not signed with ${event.statement.actor}'s key current at this point`, 'signature'));
  }
  const decided = decide(view, verifier === undefined ? { statement: event.statement, recordedAt: event.recordedAt } : { statement: event.statement, recordedAt: event.recordedAt, verifier });
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
  if (!sameJson(expected.result ?? null, event.result ?? null) && !isEarlierCredentialResult(event, expected.result)) {
    return err(problem('replay.result_mismatch', 'the recorded result differs from what the rules derive', 'result'));
  }
  return ok(undefined);
}
