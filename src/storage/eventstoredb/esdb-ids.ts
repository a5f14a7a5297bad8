// Deterministic names and ids for the EventStoreDB adapter. Event ids are UUIDs derived
// from a SHA-256 of (ledger, actor, nonce), so every retry of one statement carries the
// same id and the server's idempotency check (exact expected revision + same ids) can
// recognise it. Claim ids also cover the target stream and revision: two different
// requests for one (actor, nonce) never share a claim id, a retry of the same one does.
import { createHash } from 'node:crypto';

/** A version-8 (RFC 9562, custom) UUID from the SHA-256 of the parts. */
export function uuidFrom(...parts: readonly string[]): string {
  const bytes = createHash('sha256').update(JSON.stringify(parts)).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function eventId(ledger: string, actor: string, nonce: string): string {
  return uuidFrom('writ.event', ledger, actor, nonce);
}

export function claimId(ledger: string, actor: string, nonce: string, stream: string, expected: number | 'no_stream'): string {
  return uuidFrom('writ.claim', ledger, actor, nonce, stream, String(expected));
}

export function releaseId(claim: string): string {
  return uuidFrom('writ.release', claim);
}

/** How the port's names map onto EventStoreDB stream names for one ledger. */
export class StreamNames {
  /** Every stream that holds the ledger's events starts with this; $all is filtered on it. */
  readonly dataPrefix: string;
  private readonly claimPrefix: string;

  constructor(readonly prefix: string) {
    this.dataPrefix = `${prefix}s.`;
    this.claimPrefix = `${prefix}n.`;
  }

  data(stream: string): string {
    return this.dataPrefix + stream;
  }

  isData(esdbStream: string): boolean {
    return esdbStream.startsWith(this.dataPrefix);
  }

  portName(esdbStream: string): string {
    return esdbStream.slice(this.dataPrefix.length);
  }

  /** The marker stream that claims one (actor, nonce) across all of the ledger's streams. */
  claim(actor: string, nonce: string): string {
    return this.claimPrefix + createHash('sha256').update(JSON.stringify([actor, nonce])).digest('hex').slice(0, 40);
  }
}
