// Read tokens (DESIGN: Who may read): a short-lived JWT the principal signs itself,
// RFC 7523 style, `iss` = principal id, `aud` = ledger id, EdDSA with the principal's
// current key. Built by hand as a compact JWS (RFC 7515, RFC 8037) so the SDK needs no
// JOSE library; any JOSE library verifies it.
import { toBase64Url, utf8ToBytes } from '../integrity/bytes';
import { sign } from '../integrity/ed25519';
import { seedOf, type SigningKey } from './key-input';
import { uuidv7 } from './uuidv7';

/** The server refuses longer-lived tokens; shorter ones limit what a leaked token allows. */
export const MAX_READ_TOKEN_TTL_SECONDS = 300;
const DEFAULT_TTL_SECONDS = 120;

export interface ReadTokenInput {
  readonly principalId: string;
  readonly ledgerId: string;
  /** The principal's current keys (generateKeys, importKeys(...).value) or their 32-byte seed. */
  readonly seed: SigningKey;
  /** 1 to 300 seconds; 120 by default. */
  readonly ttlSeconds?: number;
  /** Unix time in milliseconds; the clock by default. */
  readonly nowMs?: number;
}

export interface ReadTokenClaims {
  readonly iss: string;
  readonly aud: string;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
}

const HEADER = { alg: 'EdDSA', typ: 'JWT' } as const;

/** A compact JWS `header.payload.signature`, each part base64url without padding. */
export function readToken(input: ReadTokenInput): string {
  return signedToken(input).token;
}

function signedToken(input: ReadTokenInput): { token: string; claims: ReadTokenClaims } {
  const claims = readTokenClaims(input);
  const signingInput = `${encodePart(HEADER)}.${encodePart(claims)}`;
  return { token: `${signingInput}.${toBase64Url(sign(seedOf(input.seed, 'readToken(): seed'), utf8ToBytes(signingInput)))}`, claims };
}

/** The claims readToken signs. A ttl outside 1..300 s is a programming error (RangeError). */
export function readTokenClaims(input: ReadTokenInput): ReadTokenClaims {
  const ttl = input.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_READ_TOKEN_TTL_SECONDS) {
    throw new RangeError(`ttlSeconds must be an integer from 1 to ${MAX_READ_TOKEN_TTL_SECONDS}, not ${ttl}`);
  }
  const nowMs = input.nowMs ?? Date.now();
  const iat = Math.floor(nowMs / 1000);
  return { iss: input.principalId, aud: input.ledgerId, iat, exp: iat + ttl, jti: uuidv7(nowMs) };
}

/**
 * A token source for WritClient that signs a fresh token when the last one is within
 * `refreshSeconds` of expiry, so a long-lived client never presents an expired token.
 */
export function readTokenSource(input: Omit<ReadTokenInput, 'nowMs'>, refreshSeconds = 30): () => string {
  let token = '';
  let expiresAtMs = 0;
  return () => {
    const nowMs = Date.now();
    if (nowMs >= expiresAtMs - refreshSeconds * 1000) {
      const fresh = signedToken({ ...input, nowMs });
      token = fresh.token;
      expiresAtMs = fresh.claims.exp * 1000;
    }
    return token;
  };
}

const encodePart = (value: object): string => toBase64Url(utf8ToBytes(JSON.stringify(value)));
