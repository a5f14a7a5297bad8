import type { LedgerKey } from '../../application/ledger/ledger.port';
import { toBase64Url } from '../../integrity/bytes';

/** RFC 8037 OKP key, as any JOSE library reads it to check the ledger's credentials. */
export interface Ed25519Jwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly use: 'sig';
  readonly alg: 'EdDSA';
}

export function toJwk(key: LedgerKey): Ed25519Jwk {
  return { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(key.publicKey), kid: key.kid, use: 'sig', alg: 'EdDSA' };
}
