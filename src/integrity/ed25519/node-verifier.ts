// The server and CLI verification path, on Node's built-in Ed25519 (OpenSSL), about an
// order of magnitude faster than pure JavaScript. Never imported by the portable index.
//
// OpenSSL checks the cofactorless equation by computing [S]B - [k]A and comparing its
// encoding with the R bytes, so it already refuses a non-canonical R and, because
// checkPublicKey only lets torsion-free keys through, an R with a torsion component.
// What it does not do for us (small-order or torsioned keys) was done once per key.
// Per signature only byte-level checks are added: length and S < L (which OpenSSL
// 3.0 also checks; doing it here keeps the verdict independent of the OpenSSL build).
// A signature whose R is the identity is judged by the portable verifier instead,
// because OpenSSL's verdict on it changed between versions (hasIdentityR).
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { toBase64Url } from '../bytes';
import { checkedKeyOf, type PublicKey } from './public-key';
import { nobleVerifier } from './noble-verifier';
import { hasIdentityR, hasSignatureShape } from './signature-shape';
import type { Ed25519Verifier } from './verifier';

// A KeyObject costs about 7 µs to make (a verify about 100) and about 1.2 KB of native
// memory to keep: kept for every key of a ledger of 100k agents they held 125 MB. So
// the most recent KEY_OBJECTS are kept, oldest made first out.
const KEY_OBJECTS = 8192;
const keyObjects = new Map<PublicKey, KeyObject>();

function keyObjectOf(key: PublicKey): KeyObject | undefined {
  const cached = keyObjects.get(key);
  if (cached !== undefined) return cached;
  const checked = checkedKeyOf(key);
  if (checked === undefined) return undefined;
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(checked.bytes) };
  const created = createPublicKey({ key: jwk, format: 'jwk' });
  if (keyObjects.size >= KEY_OBJECTS) keyObjects.delete(keyObjects.keys().next().value!);
  keyObjects.set(key, created);
  return created;
}

/** KeyObjects held now (tests). */
export const keyObjectsHeld = (): number => keyObjects.size;

export const nodeVerifier: Ed25519Verifier = Object.freeze({
  name: 'node',
  verify(key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
    if (!hasSignatureShape(signature)) return false;
    if (hasIdentityR(signature)) return nobleVerifier.verify(key, message, signature);
    const keyObject = keyObjectOf(key);
    return keyObject !== undefined && verify(null, message, keyObject, signature);
  },
});
