// Reading the credential an enforcer presents: the compact JWS (RFC 7515, EdDSA) the
// ledger issued. It must be signed by a ledger key the record has named by this point
// (the header's `kid` says which: tokens signed before a rotation stay valid until they
// expire), and names the credential by `jti`. Everything else about the credential
// (agent, key, chain, expiry, revocation) is judged from the recorded state, not from
// the token's claims: the state is the authority at decision time.
import { problem, type Problem, type Result } from '../../errors/problem';
import { bytesToHex, bytesToUtf8, fromBase64Url, utf8ToBytes } from '../../integrity/bytes';
import type { Ed25519Verifier } from '../../integrity/ed25519';
import { sha256 } from '../../integrity/sha256';
import { checkedKey } from '../shared/keys';

export interface PresentedCredential {
  /** The token's `jti`: the credential id. */
  readonly credentialId: string;
  /** The token's `writ_task.id`, the default task of a request that names none. */
  readonly taskId?: string;
}

/** A ledger key's id (`kid`): the first 16 hex characters of SHA-256 of the raw key. */
export function ledgerKeyId(publicKey: Uint8Array): string {
  return bytesToHex(sha256(publicKey)).slice(0, 16);
}

const TOKEN_TYPES = new Set(['at+jwt', 'JWT']);
// Verified tokens, by token text: a gateway presents the same credential for each call
// during its few minutes of life. Only successes are kept, with the key they verified
// under; the verdict of a (token, key) pair never changes (one Ed25519 verdict).
const MEMO_LIMIT = 1024;
const verified = new Map<string, { readonly key: string; readonly value: PresentedCredential }>();

/**
 * The credential a token presents, or why it presents none (`credential.invalid_token`).
 * `token` is attacker-controlled; `ledgerKeys` are the base64url keys named so far.
 */
export function readCredentialToken(token: string, ledgerKeys: readonly string[], verifier: Ed25519Verifier, path: string): Result<PresentedCredential> {
  const known = verified.get(token);
  if (known !== undefined && ledgerKeys.includes(known.key)) return { ok: true, value: known.value };
  const read = verifyToken(token, ledgerKeys, verifier);
  if (typeof read === 'string') return { ok: false, problems: [invalid(read, path)] };
  if (verified.size >= MEMO_LIMIT) verified.clear();
  verified.set(token, read);
  return { ok: true, value: read.value };
}

const invalid = (why: string, path: string): Problem => problem('credential.invalid_token', `the credential is not a token this ledger issued: ${why}`, path);

function verifyToken(token: string, ledgerKeys: readonly string[], verifier: Ed25519Verifier): { key: string; value: PresentedCredential } | string {
  const [h, p, s] = token.split('.');
  if (h === undefined || p === undefined || s === undefined) return 'not a compact JWS';
  const header = jsonOf(h) as { alg?: unknown; kid?: unknown; typ?: unknown } | undefined;
  if (header === undefined || header.alg !== 'EdDSA' || typeof header.kid !== 'string' || !TOKEN_TYPES.has(String(header.typ))) {
    return 'the header is not { alg: "EdDSA", typ, kid }';
  }
  const key = ledgerKeys.find((k) => { const bytes = fromBase64Url(k); return bytes !== undefined && ledgerKeyId(bytes) === header.kid; });
  const checked = key === undefined ? undefined : checkedKey(key);
  if (key === undefined || checked === undefined) return `no ledger key ${header.kid}`;
  const signature = fromBase64Url(s);
  if (signature === undefined || !verifier.verify(checked, utf8ToBytes(`${h}.${p}`), signature)) return 'the signature does not verify';
  const claims = jsonOf(p) as { jti?: unknown; writ_task?: { id?: unknown } } | undefined;
  if (claims === undefined || typeof claims.jti !== 'string') return 'the claims name no jti';
  const taskId = claims.writ_task?.id;
  return { key, value: typeof taskId === 'string' ? { credentialId: claims.jti, taskId } : { credentialId: claims.jti } };
}

function jsonOf(part: string): unknown {
  const bytes = fromBase64Url(part);
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(bytesToUtf8(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
