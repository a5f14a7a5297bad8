// Turning stored rows back into the domain's recorded events. The runtime trusts its
// own store here (the CLI verifier is what re-checks everything from scratch).
import type { RecordedEvent } from '../../domain';
import { globalPosition } from '../../integrity/brands';
import type { Envelope } from '../../integrity/envelope';
import type { StoredEvent } from '../../storage/event-store.port';

export function recordedFromStored(stored: StoredEvent): { recorded: RecordedEvent; envelope: Envelope } {
  const envelope = JSON.parse(stored.data) as Envelope;
  return { envelope, recorded: recordedFromEnvelope(envelope, stored.position) };
}

export function recordedFromEnvelope(envelope: Envelope, position: number): RecordedEvent {
  const base = {
    type: envelope.type,
    stream: envelope.stream,
    statement: envelope.statement,
    recordedAt: envelope.recordedAt,
    hash: envelope.hash,
    position: globalPosition(position),
  };
  return envelope.result === undefined ? base : { ...base, result: envelope.result };
}
