// Turning stored rows back into the domain's recorded events. The runtime trusts its
// own store here (the CLI verifier is what re-checks everything from scratch).
import { recordedFromEnvelope, type RecordedEvent } from '../../domain';
import type { Envelope } from '../../integrity/envelope';
import type { StoredEvent } from '../../storage/event-store.port';
import type { RecordedEnvelope } from './ledger.port';

export function recordedFromStored(stored: StoredEvent): { recorded: RecordedEvent; envelope: Envelope } {
  const envelope = JSON.parse(stored.data) as Envelope;
  return { envelope, recorded: recordedFromEnvelope(envelope, stored.position) };
}

/** A stored row as the port serves it: the envelope's canonical text, unparsed. */
export function recordedEnvelopeOf(stored: StoredEvent): RecordedEnvelope {
  return { position: stored.position, stream: stored.stream, revision: stored.revision, type: stored.type, hash: stored.hash, envelope: stored.data };
}
