/** The statement format version this code reads and writes. */
export const STATEMENT_VERSION = 1 as const;

/**
 * What an actor signs. Encoded with RFC 8785 and signed over the domain-separated
 * message (see statement-signing.ts). `body` is type-specific and validated by the
 * domain; here it is only known to be JSON.
 */
export interface Statement<TType extends string = string, TBody = unknown> {
  readonly v: typeof STATEMENT_VERSION;
  /** Stops a statement signed for one ledger from being replayed into another. */
  readonly ledgerId: string;
  readonly type: TType;
  /** Id of the principal (human, broker, agent or the ledger) whose key signs it. */
  readonly actor: string;
  /** Unique per actor: a replayed (actor, nonce) returns the original receipt. */
  readonly nonce: string;
  /** RFC 3339 UTC with milliseconds; must lie within the skew window of the ledger clock. */
  readonly issuedAt: string;
  readonly body: TBody;
}

/** A statement with its detached Ed25519 signature, as the API takes it. */
export interface SignedStatement {
  /** The exact canonical (RFC 8785) text that was signed. */
  readonly statement: string;
  /** base64url Ed25519 signature over the domain-separated message. */
  readonly signature: string;
}
