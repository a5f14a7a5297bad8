// Signatures a key holder can craft that honest signing never makes: R carries a torsion
// point T, or is the identity (r = 0). k and S are computed honestly over that R, so the
// cofactored equation holds ([8]T vanishes); the cofactorless one only when T is the
// identity. The policy's tests use them to show which verdicts each path gives.
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../../src/integrity/bytes';

/** R = [r]B + T, S = r + k·a (mod L); r = 0 with T the identity gives R = identity, S = k·a. */
export function signWithTorsionedR(seed: Uint8Array, message: Uint8Array, r: bigint, t: ed.Point): Uint8Array {
  const { scalar, pointBytes } = ed.utils.getExtendedPublicKey(seed);
  const rBytes = ed.Point.BASE.multiply(r, false).add(t).toBytes();
  const k = leToBigInt(sha512(concatBytes(rBytes, pointBytes, message)));
  const s = ed.etc.mod(r + k * scalar, ed.Point.CURVE().n);
  return concatBytes(rBytes, bigIntTo32Le(s));
}

const leToBigInt = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
const bigIntTo32Le = (n: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
