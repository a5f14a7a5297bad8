// The portable verification path (SDK, browsers, offline verifier), on noble's point
// arithmetic. It checks the cofactorless RFC 8032 equation the way OpenSSL and ref10
// do: compute [S]B - [k]A and compare its canonical encoding with the R bytes.
//
// Why not noble's own verify: it checks the cofactored equation ([8]R etc.), which
// accepts an R carrying a torsion component; matching Node would need an extra
// torsion check on R (a second scalar multiplication) on top of its two point
// decodings. Here R is never decoded. Because A is torsion-free (checkPublicKey) and B
// has prime order, [S]B - [k]A has no torsion component, so the byte comparison
// refuses, with no extra cost, an R that is non-canonical, not on the curve or torsioned.
import { etc, Point } from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, equalBytes } from '../bytes';
import { checkedKeyOf, type CheckedKey, type PublicKey } from './public-key';
import { hasSignatureShape, PUBLIC_KEY_LENGTH } from './signature-shape';
import type { Ed25519Verifier } from './verifier';

/** RFC 8032's L, the order of the base point. */
const L = Point.CURVE().n;

export const nobleVerifier: Ed25519Verifier = Object.freeze({
  name: 'noble',
  verify(key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
    const checked = checkedKeyOf(key);
    if (checked === undefined || !hasSignatureShape(signature)) return false;
    return cofactorlessEquationHolds(checked, message, signature);
  },
});

/** Precondition: `signature` has the right shape (64 bytes, S < L), `key` passed the policy. */
function cofactorlessEquationHolds(key: CheckedKey, message: Uint8Array, signature: Uint8Array): boolean {
  const r = signature.subarray(0, PUBLIC_KEY_LENGTH);
  const s = littleEndianToBigInt(signature.subarray(PUBLIC_KEY_LENGTH));
  // k = SHA-512(R || A || M) mod L, over the exact bytes received (RFC 8032 5.1.7 step 2).
  const digest = sha512.create().update(r).update(key.bytes).update(message).digest();
  const k = etc.mod(littleEndianToBigInt(digest), L);
  // 0 <= s, k < L, so the unsafe (variable-time, public-data) multiplications cannot throw.
  const expectedR = Point.BASE.multiplyUnsafe(s).subtract(key.point.multiplyUnsafe(k));
  return equalBytes(expectedR.toBytes(), r);
}

function littleEndianToBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${bytesToHex(bytes.slice().reverse())}`);
}
