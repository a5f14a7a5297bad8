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

/** A reader authenticated for as long as its token is accepted (see `session`). */
export interface ReadSession {
  readonly reader: Reader;
  /** When the token stops being accepted, in ms since the epoch: its exp plus the clock tolerance. */
  readonly until: number;
  /** The reader as the ledger knows it now, or why the token no longer speaks for it. */
  current(): Result<Reader>;
}

@Injectable()
export class ReadTokenVerifier {
  // Importing a key is work done once per key, not per request.
  private readonly keyObjects = new WeakMap<PublicKey, KeyObject>();

  constructor(@Inject(LEDGER_PORT) private readonly ledger: LedgerPort) {}

  /** The reader a request speaks for, or why it cannot be trusted. */
  async authenticate(authorization: string | readonly string[] | undefined): Promise<Result<Reader>> {
    const session = await this.session(authorization);
    return session.ok ? ok(session.value.reader) : session;
  }

  /**
   * The reader behind a long-lived request (a subscription), which asks again before
   * each batch whether the token still speaks for it: the principal still active, its
   * key unchanged, the token's window not over.
   */
  async session(authorization: string | readonly string[] | undefined): Promise<Result<ReadSession>> {
    const token = bearerToken(authorization);
    if (!token.ok) return token;
    const issuer = unverifiedIssuer(token.value);
    if (!issuer.ok) return issuer;
    const reader = this.known(issuer.value);
    if (!reader.ok) return reader;
    const verified = await this.verify(token.value, reader.value);
    if (!verified.ok) return verified;
    // jose accepts the token while now < exp + tolerance (in whole seconds); so does the session.
    const until = (verified.value.exp! + READ_TOKEN_CLOCK_TOLERANCE_SECONDS) * 1000;
    const key = reader.value.publicKey.bytes;
    return ok({ reader: reader.value, until, current: () => this.stillValid(issuer.value, key, until) });
  }

  private known(principalId: string): Result<Reader> {
    const reader = this.ledger.reader(principalId);
    if (reader === undefined) {
      return err(problem('auth.unknown_principal', 'the token names no principal of this ledger', '', { iss: principalId }));
    }
    if (!reader.active) {
      return err(problem('auth.inactive_principal', 'the token names a deactivated principal', '', { iss: reader.id }));
    }
    return ok(reader);
  }

  private stillValid(principalId: string, key: Uint8Array, until: number): Result<Reader> {
    if (Date.now() >= until) {
      return invalid('the token has expired: a subscription lasts as long as the token it was opened with', 'ERR_JWT_EXPIRED');
    }
    const reader = this.known(principalId);
    if (!reader.ok) return reader;
    if (!Buffer.from(key).equals(reader.value.publicKey.bytes)) {
      return invalid('the token was signed with a key the principal has since rotated', 'key_rotated');
    }
    return reader;
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
