// Turning stored rows back into the domain's recorded events. The runtime trusts its
// own store here (the CLI verifier is what re-checks everything from scratch).
import { recordedFromEnvelope, type RecordedEvent } from '../../domain';
import type { Envelope } from '../../integrity/envelope';
import type { EventStore, StoredEvent } from '../../storage/event-store.port';
import type { MerkleLog } from './merkle-log';
import type { Receipt, RecordedEnvelope, SignedCheckpoint } from './ledger.port';

export function recordedFromStored(stored: StoredEvent): { recorded: RecordedEvent; envelope: Envelope } {
  const envelope = JSON.parse(stored.data) as Envelope;
  return { envelope, recorded: recordedFromEnvelope(envelope, stored.position) };
}

/** A stored row as the port serves it: the envelope's canonical text, unparsed. */
export function recordedEnvelopeOf(stored: StoredEvent): RecordedEnvelope {
  return { position: stored.position, stream: stored.stream, revision: stored.revision, type: stored.type, hash: stored.hash, envelope: stored.data };
}

/** An event's receipt: its envelope's hash and place, and its inclusion proof to `checkpoint`. */
export function receiptOf(log: MerkleLog, position: number, envelope: Envelope, checkpoint: SignedCheckpoint): Receipt {
  const inclusionProof = log.proof(position, checkpoint.treeSize);
  const base = { envelopeHash: envelope.hash, leafIndex: position, stream: envelope.stream, revision: envelope.revision, type: envelope.type };
  const withResult = envelope.result === undefined ? base : { ...base, result: envelope.result };
  return { ...withResult, checkpoint: checkpoint.note, treeSize: checkpoint.treeSize, inclusionProof };
}

/** The receipt of the stored event at `position` against `checkpoint`; undefined outside its tree. */
export async function receiptAtPosition(store: EventStore, log: MerkleLog, position: number, checkpoint: SignedCheckpoint): Promise<Receipt | undefined> {
  if (!Number.isSafeInteger(position) || position < 0 || position >= checkpoint.treeSize) return undefined;
  const [stored] = await store.readAll(position, 1);
  return stored === undefined ? undefined : receiptOf(log, position, recordedFromStored(stored).envelope, checkpoint);
}
