// Building and signing statements. The SDK fills in what a client usually leaves to the
// library: a fresh nonce (UUIDv7: unique per actor, so a resent statement is recognised
// as the same one and never recorded twice) and the issue time. Both are fixed once the
// statement is built, so retries resend it byte for byte.
import {
  encodeStatement,
  signStatement,
  STATEMENT_VERSION,
  type SignedStatement,
  type Statement,
} from '../integrity/statement';
import { plainBody, seedOf, type SigningKey } from './key-input';
import { uuidv7 } from './uuidv7';

export interface StatementInput<TType extends string = string, TBody = unknown> {
  readonly ledgerId: string;
  readonly type: TType;
  /** Id of the principal whose key signs it. */
  readonly actor: string;
  readonly body: TBody;
  /** Defaults to a new UUIDv7. Never reuse one for a different statement. */
  readonly nonce?: string;
  /** RFC 3339 UTC with milliseconds; defaults to now. It must lie in the ledger's skew window. */
  readonly issuedAt?: string;
}

/**
 * The body is taken as JSON data (see plainBody): members set to undefined are dropped,
 * a `publicKey` given as keys or bytes becomes base64url text, other bytes or keys throw.
 */
export function createStatement<TType extends string, TBody>(
  input: StatementInput<TType, TBody>,
): Statement<TType, TBody> {
  return {
    v: STATEMENT_VERSION,
    ledgerId: input.ledgerId,
    type: input.type,
    actor: input.actor,
    nonce: input.nonce ?? uuidv7(),
    issuedAt: input.issuedAt ?? new Date().toISOString(),
    body: plainBody(input.body),
  };
}

/**
 * Canonicalizes (RFC 8785) and signs: the result is what every mutation takes. `key` is
 * the actor's keys (generateKeys, keysFromSeed, importKeys(...).value) or their 32-byte
 * seed; anything else throws a TypeError that says what to pass.
 */
export function sign(statement: Statement, key: SigningKey): SignedStatement {
  return signStatement(statement, seedOf(key));
}

/** The canonical text of a statement: exactly what is signed and sent. */
export function canonicalStatement(statement: Statement): string {
  return encodeStatement(statement);
}
