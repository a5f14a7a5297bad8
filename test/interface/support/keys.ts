// Ed25519 keys and read tokens for the tests, made with node:crypto and jose, the way a
// client other than our SDK would make them.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { fromBase64Url } from '../../../src/integrity/bytes';

export interface TestKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The 32 raw public key bytes. */
  readonly raw: Uint8Array;
}

export function newKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x;
  const raw = x === undefined ? undefined : fromBase64Url(x);
  if (raw === undefined) throw new Error('node did not export an Ed25519 x coordinate');
  return { privateKey, publicKey, raw };
}

export interface TokenClaims {
  readonly iss: string;
  readonly aud: string;
  /** Seconds relative to now. */
  readonly iatOffset?: number;
  readonly lifetime?: number;
  readonly extra?: JWTPayload;
}

export function readToken(key: TestKey, { iss, aud, iatOffset = 0, lifetime = 120, extra = {} }: TokenClaims): Promise<string> {
  const iat = Math.floor(Date.now() / 1000) + iatOffset;
  return new SignJWT({ ...extra })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(iss)
    .setAudience(aud)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime)
    .setJti(`t-${Math.random().toString(36).slice(2)}`)
    .sign(key.privateKey);
}
