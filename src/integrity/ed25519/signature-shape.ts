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

/**
 * True when the R half of `signature` (attacker-controlled, 64 bytes) is the canonical
 * encoding of the identity point (1, then 31 zero bytes). RFC 8032's cofactorless
 * equation accepts such a signature when [S]B = [k]A, and so does Writ's policy (CCTV
 * vector 304), but OpenSSL's answer differs by version: Node 20's accepts it, Node 24's
 * refuses it. The OpenSSL paths therefore hand exactly these signatures to the portable
 * (noble) verifier, which keeps one verdict on every Node. One byte decides for every
 * other signature, so the common path pays next to nothing.
 */
export function hasIdentityR(signature: Uint8Array): boolean {
  if (signature[0] !== 1) return false;
  for (let i = 1; i < PUBLIC_KEY_LENGTH; i++) if (signature[i] !== 0) return false;
  return true;
}
