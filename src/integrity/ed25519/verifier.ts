// The one interface both verification paths implement, so callers choose a path (noble
// everywhere, Node's built-in on the server) without changing a verdict.
import { checkPublicKey, type PublicKey } from './public-key';

export interface Ed25519Verifier {
  readonly name: string;
  /**
   * Writ's verdict on a detached signature. `message` and `signature` are
   * attacker-controlled: any malformed input gives false, never an exception.
   * `key` must come from checkPublicKey; any other object gives false.
   */
  verify(key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean;
}

/**
 * For one-off checks: the whole policy on raw key bytes, false on any refusal.
 * It re-checks the key each call (a torsion check costs about one verify), so callers
 * verifying many signatures under one key should keep checkPublicKey's result.
 */
export function verifyDetached(
  verifier: Ed25519Verifier,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  const key = checkPublicKey(publicKey);
  return key.ok && verifier.verify(key.value, message, signature);
}
