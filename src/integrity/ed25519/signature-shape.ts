// Per-signature checks that need no curve arithmetic, shared by both verification paths.
// They are byte comparisons on purpose: they run before every verify, also on the Node
// path, where they must cost next to nothing beside OpenSSL's own work.
import { hexToBytes } from '../bytes';

export const PUBLIC_KEY_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;

/** RFC 8032's L (the prime order of the base point B), as 32 little-endian bytes. */
const L_LE = hexToBytes('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

/**
 * True when `signature` (attacker-controlled) is 64 bytes and its S half, read as a
 * little-endian integer, is below L. Anything else is refused before any curve work:
 * an S >= L would let one signature have several encodings (malleability).
 */
export function hasSignatureShape(signature: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_LENGTH) return false;
  // Compare from the most significant byte down; the first difference decides.
  for (let i = PUBLIC_KEY_LENGTH - 1; i >= 0; i--) {
    const s = signature[PUBLIC_KEY_LENGTH + i]!;
    const l = L_LE[i]!;
    if (s !== l) return s < l;
  }
  return false; // S == L
}
