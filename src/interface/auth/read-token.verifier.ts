// Read authentication (DESIGN.md, Who may read): a short-lived JWT the reader signs
// itself (RFC 7523 style) with its current key: `iss` = principal id, `aud` = ledger id,
// EdDSA, `iat` and `exp` required, at most five minutes apart.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { LEDGER_PORT, type LedgerPort, type Reader } from '../../application/ledger/ledger.port';
import { err, ok, problem, type Result } from '../../errors/problem';
import { toBase64Url } from '../../integrity/bytes';
import type { PublicKey } from '../../integrity/ed25519';
import { bearerToken } from './bearer-token';

export const READ_TOKEN_MAX_LIFETIME_SECONDS = 300;
/** Readers sign with their own clocks; this much skew is forgiven on iat and exp. */
export const READ_TOKEN_CLOCK_TOLERANCE_SECONDS = 30;

@Injectable()
export class ReadTokenVerifier {
  // Importing a key is work done once per key, not per request.
  private readonly keyObjects = new WeakMap<PublicKey, KeyObject>();

  constructor(@Inject(LEDGER_PORT) private readonly ledger: LedgerPort) {}

  /** The reader a request speaks for, or why it cannot be trusted. */
  async authenticate(authorization: string | readonly string[] | undefined): Promise<Result<Reader>> {
    const token = bearerToken(authorization);
    if (!token.ok) return token;
    const issuer = unverifiedIssuer(token.value);
    if (!issuer.ok) return issuer;
    const reader = this.ledger.reader(issuer.value);
    if (reader === undefined) {
      return err(problem('auth.unknown_principal', 'the token names no principal of this ledger', '', { iss: issuer.value }));
    }
    if (!reader.active) {
      return err(problem('auth.inactive_principal', 'the token names a deactivated principal', '', { iss: reader.id }));
    }
    const verified = await this.verify(token.value, reader);
    return verified.ok ? ok(reader) : verified;
  }

  private async verify(token: string, reader: Reader): Promise<Result<JWTPayload>> {
    try {
      const { payload } = await jwtVerify(token, this.keyObject(reader.publicKey), {
        algorithms: ['EdDSA'],
        issuer: reader.id,
        audience: this.ledger.ledgerId,
        requiredClaims: ['iat', 'exp'],
        maxTokenAge: READ_TOKEN_MAX_LIFETIME_SECONDS,
        clockTolerance: READ_TOKEN_CLOCK_TOLERANCE_SECONDS,
      });
      return checkLifetime(payload);
    } catch (error: unknown) {
      if (error instanceof joseErrors.JOSEError) return invalid(error.message, error.code);
      throw error;
    }
  }

  private keyObject(publicKey: PublicKey): KeyObject {
    let key = this.keyObjects.get(publicKey);
    if (key === undefined) {
      const jwk = { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(publicKey.bytes) };
      key = createPublicKey({ key: jwk, format: 'jwk' });
      this.keyObjects.set(publicKey, key);
    }
    return key;
  }
}

/** `iss` says whose key to check with; nothing in the token is trusted before that check. */
function unverifiedIssuer(token: string): Result<string> {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(token);
  } catch {
    return invalid('the token is not a JWT', 'malformed');
  }
  return typeof payload.iss === 'string' && payload.iss !== ''
    ? ok(payload.iss)
    : invalid('the token has no iss (principal id)', 'missing_iss');
}

// jose checks iat against now; a token valid for longer than the limit is refused
// outright, so a leaked one is useful for minutes, not hours.
function checkLifetime(payload: JWTPayload): Result<JWTPayload> {
  const lifetime = payload.exp! - payload.iat!;
  if (lifetime > READ_TOKEN_MAX_LIFETIME_SECONDS) {
    return invalid(`exp is ${lifetime}s after iat; at most ${READ_TOKEN_MAX_LIFETIME_SECONDS}s`, 'lifetime_too_long');
  }
  return ok(payload);
}

function invalid(message: string, reason: string): Result<never> {
  return err(problem('auth.invalid_token', message, '', { reason }));
}
