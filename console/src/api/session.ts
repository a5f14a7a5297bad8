// Who reads: a key file (the one `writ keys generate` writes) from which the SDK mints
// and renews read tokens in this browser, or a token pasted from `writ token`. The seed
// stays in this page's memory: it is never stored, logged or sent anywhere.
import { parseKeyFile } from '@writ/sdk/key-file';
import { readTokenSource, MAX_READ_TOKEN_TTL_SECONDS } from '@writ/sdk/read-token';
import { fromBase64Url, bytesToUtf8 } from '@writ/integrity/bytes';

export interface Session {
  readonly principalId: string;
  /** `key file` (renewed here) or `pasted token` (expires at `expiresAt`). */
  readonly source: 'key file' | 'pasted token';
  /** Unix ms when a pasted token expires; key-file sessions renew before expiry. */
  readonly expiresAt?: number;
  /** The current token; undefined when a pasted token has expired. */
  token(): string | undefined;
}

export type Built = { readonly ok: true; readonly session: Session } | { readonly ok: false; readonly message: string };

/** From key file text; `principalId` is needed only when the file does not name one. */
export function sessionFromKeyFile(text: string, ledgerId: string, principalId?: string): Built {
  const parsed = parseKeyFile(text);
  if (!parsed.ok) return { ok: false, message: `not a Writ key file: ${parsed.problems.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`).join('; ')}` };
  const id = parsed.value.id ?? principalId?.trim();
  if (!id) return { ok: false, message: 'this key file names no principal: type the principal id it belongs to' };
  const source = readTokenSource({ principalId: id, ledgerId, seed: parsed.value.seed, ttlSeconds: MAX_READ_TOKEN_TTL_SECONDS });
  return { ok: true, session: { principalId: id, source: 'key file', token: source } };
}

/** A compact JWS read token; its claims are read (not trusted: the service checks it). */
export function sessionFromToken(text: string, ledgerId: string, nowMs = Date.now()): Built {
  const token = text.trim();
  const parts = token.split('.');
  const claims = parts.length === 3 ? decodeClaims(parts[1]!) : undefined;
  if (claims === undefined) return { ok: false, message: 'not a read token: expected header.payload.signature (run `writ token --key <key file>`)' };
  if (typeof claims.iss !== 'string' || typeof claims.exp !== 'number') return { ok: false, message: 'the token has no iss or exp claim' };
  if (claims.aud !== ledgerId) return { ok: false, message: `the token is for ledger ${String(claims.aud)}, not this ledger ${ledgerId}` };
  const expiresAt = claims.exp * 1000;
  if (expiresAt <= nowMs) return { ok: false, message: `the token expired at ${new Date(expiresAt).toISOString()}: make a new one` };
  return { ok: true, session: { principalId: claims.iss, source: 'pasted token', expiresAt, token: () => (Date.now() < expiresAt ? token : undefined) } };
}

function decodeClaims(part: string): Record<string, unknown> | undefined {
  const bytes = fromBase64Url(part);
  if (bytes === undefined) return undefined;
  try {
    const value = JSON.parse(bytesToUtf8(bytes)) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
