// Sealing and checking one envelope. The hash is over the RFC 8785 form of every field
// but `hash` itself, so any change to the statement, signature, result, link or
// position in the stream changes it. The global position is deliberately outside:
// EventStoreDB assigns it after the write.
import { bytesToHex, utf8ToBytes } from '../bytes';
import { canonicalize, type JsonValue } from '../jcs';
import { sha256 } from '../sha256';
import type { Envelope, UnsealedEnvelope } from './envelope.types';

/** Canonical text of the fields the hash covers. */
export function envelopeHashInput(envelope: UnsealedEnvelope): string {
  return canonicalize(hashedFields(envelope) as unknown as JsonValue);
}

/** The fields the hash covers; an absent `result` is left out, never written as null. */
function hashedFields(envelope: UnsealedEnvelope): UnsealedEnvelope {
  const { hash: _hash, result, ...fields } = envelope as Envelope;
  return result === undefined ? fields : { ...fields, result };
}

export function computeEnvelopeHash(envelope: UnsealedEnvelope): string {
  return bytesToHex(sha256(utf8ToBytes(envelopeHashInput(envelope))));
}

export function sealEnvelope(envelope: UnsealedEnvelope): Envelope {
  return sealAndEncode(envelope).envelope;
}

/**
 * Seals an envelope and returns its stored form too, canonicalizing once: `hash` sorts
 * before every other field name (RFC 8785 orders by UTF-16 code units), so the stored
 * text is the hashed text with `"hash":"…",` put first. Equal to encodeEnvelope(sealed).
 */
export function sealAndEncode(envelope: UnsealedEnvelope): { envelope: Envelope; text: string } {
  const fields = hashedFields(envelope);
  const hashed = canonicalize(fields as unknown as JsonValue);
  const hash = bytesToHex(sha256(utf8ToBytes(hashed)));
  return { envelope: { ...fields, hash }, text: `{"hash":"${hash}",${hashed.slice(1)}` };
}

/** The stored form of a sealed envelope: canonical JSON of all its fields. */
export function encodeEnvelope(envelope: Envelope): string {
  return canonicalize(envelope as unknown as JsonValue);
}
