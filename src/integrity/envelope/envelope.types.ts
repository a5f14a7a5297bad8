import type { StreamRevision } from '../brands';
import type { Statement } from '../statement/statement.types';

export const ENVELOPE_VERSION = 1 as const;

/** prevHash of the first envelope of every stream (revision 0). */
export const GENESIS_PREV_HASH = '0'.repeat(64);

/** The stored event, before sealing: everything the hash covers. */
export interface UnsealedEnvelope {
  readonly v: typeof ENVELOPE_VERSION;
  readonly stream: string;
  readonly revision: StreamRevision;
  /** Hash of the previous envelope in this stream, or GENESIS_PREV_HASH at revision 0. */
  readonly prevHash: string;
  /** Ledger clock when the statement was accepted, RFC 3339 UTC with milliseconds. */
  readonly recordedAt: string;
  /** Event type: the statement type, or the outcome of a request the ledger decided. */
  readonly type: string;
  /** The signed statement; its RFC 8785 form is the exact signed text. */
  readonly statement: Statement;
  /** base64url Ed25519 signature of the actor over the statement. */
  readonly signature: string;
  /** What the ledger derived when it accepted the statement (decision, chain, window). */
  readonly result?: unknown;
}

/** A sealed envelope: `hash` = SHA-256 over the canonical envelope without `hash`. */
export interface Envelope extends UnsealedEnvelope {
  readonly hash: string;
}
