// Signing and verifying statements. The signature covers a domain-separated message:
// a fixed ASCII prefix naming Writ and the format version, then the canonical bytes.
// The prefix keeps a Writ signature from being valid as anything else (a JWT, a note,
// another protocol's message), and a future format from being confused with this one.
import { canonicalize, type JsonValue } from '../jcs';
import { type Ed25519Verifier, type PublicKey, sign } from '../ed25519';
import { concatBytes, fromBase64Url, toBase64Url, utf8ToBytes } from '../bytes';
import type { SignedStatement, Statement } from './statement.types';

export const STATEMENT_SIGNING_PREFIX = 'writ/v1/statement\n';
const prefixBytes = utf8ToBytes(STATEMENT_SIGNING_PREFIX);

/** The exact bytes an actor signs for the given canonical statement text. */
export function signingMessage(canonicalText: string): Uint8Array {
  return concatBytes(prefixBytes, utf8ToBytes(canonicalText));
}

/** RFC 8785 text of a statement: what the API takes and what is signed. */
export function encodeStatement(statement: Statement): string {
  return canonicalize(statement as unknown as JsonValue);
}

/** Canonicalize and sign; `seed` is the actor's 32-byte Ed25519 secret seed. */
export function signStatement(statement: Statement, seed: Uint8Array): SignedStatement {
  const text = encodeStatement(statement);
  return { statement: text, signature: toBase64Url(sign(seed, signingMessage(text))) };
}

/**
 * Checks a detached signature over canonical statement text.
 * `signature` is attacker-controlled base64url; anything that is not exactly 64
 * bytes of strict base64url is refused, never thrown on.
 */
export function verifyStatementSignature(
  verifier: Ed25519Verifier,
  key: PublicKey,
  canonicalText: string,
  signature: string,
): boolean {
  const sig = fromBase64Url(signature);
  if (sig === undefined || sig.length !== 64) return false;
  return verifier.verify(key, signingMessage(canonicalText), sig);
}
