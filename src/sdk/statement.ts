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
    body: withoutUndefinedMembers(input.body),
  };
}

/**
 * In TypeScript an optional member set to undefined means "absent", and bodies are
 * typically built as `{ agentId, reason: options.reason }`. JCS refuses undefined rather
 * than guess, so the builder drops such members from objects, at any depth. Undefined
 * array elements are kept and refused when signing: there, dropping would shift indexes.
 */
function withoutUndefinedMembers<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefinedMembers) as T;
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutUndefinedMembers(v)])) as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Canonicalizes (RFC 8785) and signs: the result is what every mutation takes. `key` is
 * the actor's 32-byte seed, or keys holding it.
 */
export function sign(statement: Statement, key: Uint8Array | { readonly seed: Uint8Array }): SignedStatement {
  return signStatement(statement, key instanceof Uint8Array ? key : key.seed);
}

/** The canonical text of a statement: exactly what is signed and sent. */
export function canonicalStatement(statement: Statement): string {
  return encodeStatement(statement);
}
