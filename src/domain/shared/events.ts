// What the domain takes in and gives back. Decide returns a NewEvent (stream, event
// type, ledger-derived result); the service seals it into an envelope. Evolve takes the
// sealed event back with its hash and global position, because decisions name, for
// every hop they relied on, the hash and position of that hop's latest event.
import { globalPosition, type GlobalPosition } from '../../integrity/brands';
import type { Ed25519Verifier } from '../../integrity/ed25519';
import type { Envelope } from '../../integrity/envelope/envelope.types';
import type { Statement } from '../../integrity/statement/statement.types';
import type { JsonValue } from '../../integrity/jcs';
import type { EventType } from '../catalogue';

/** Where an aggregate's latest event sits in the log. */
export interface EventRef {
  readonly hash: string;
  readonly position: GlobalPosition;
}

/** A recorded event as the domain folds it: the envelope's fields plus its leaf index. */
export interface RecordedEvent {
  readonly type: string;
  readonly stream: string;
  readonly statement: Statement;
  readonly result?: unknown;
  /** Ledger clock when the statement was accepted: the `now` of its decision. */
  readonly recordedAt: string;
  readonly hash: string;
  readonly position: GlobalPosition;
}

/** What decide answers when it accepts a statement. */
export interface NewEvent {
  readonly stream: string;
  readonly type: EventType;
  /** The ledger's judgement, recorded with the event and re-derived by the verifier. */
  readonly result?: JsonValue;
}

/** A verified statement to decide, at the ledger time it is being recorded. */
export interface DecideCommand {
  readonly statement: Statement;
  /** RFC 3339 UTC with milliseconds; becomes the event's recordedAt. */
  readonly recordedAt: string;
  /**
   * For signatures inside a body (a credential token an enforcer presents): noble's
   * portable path by default; the service and the CLI pass Node's, which gives the same
   * verdict (docs/ed25519-policy.md) faster.
   */
  readonly verifier?: Ed25519Verifier;
}

export const refOf = (event: RecordedEvent): EventRef => ({ hash: event.hash, position: event.position });

/**
 * The recorded event a sealed envelope at a global position stands for: what the
 * runtime, the offline verifier and replay all fold into the state.
 */
export function recordedFromEnvelope(envelope: Envelope, position: number): RecordedEvent {
  // One object per event (this runs for every event the verifier and replay fold).
  return envelope.result === undefined
    ? { type: envelope.type, stream: envelope.stream, statement: envelope.statement, recordedAt: envelope.recordedAt, hash: envelope.hash, position: globalPosition(position) }
    : {
        type: envelope.type,
        stream: envelope.stream,
        statement: envelope.statement,
        recordedAt: envelope.recordedAt,
        hash: envelope.hash,
        position: globalPosition(position),
        result: envelope.result,
      };
}
