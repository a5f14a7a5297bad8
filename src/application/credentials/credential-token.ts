// An issued credential as a compact JWS (RFC 7515, `alg: EdDSA` of RFC 8037), so that
// any JOSE library checks it offline against the ledger's JWKS. The claims are derived
// from the recorded `credential.issued` event alone (its statement and result), so the
// same credential always carries the same claims; only the signing key may differ
// after a ledger key rotation (the header's `kid` says which). The claims' two shapes
// are in credential-claims.ts; the recorded result names the shape.
//
// Offline checks cannot see revocation: the decision API is the authority at action time.
import type { Capability } from '../../domain/capability/capability.types';
import type { CredentialTokenFormat } from '../../domain/credential/credential.bodies';
import type { ChainHop } from '../../domain/decision/chain';
import { toBase64Url, utf8ToBytes } from '../../integrity/bytes';

/** The statement body and ledger result of one `credential.issued` event. */
export interface IssuedCredential {
  readonly agentId: string;
  readonly credentialId: string;
  readonly delegationId: string;
  readonly task: { readonly id: string; readonly description?: string };
  readonly issuedAt: string;
  readonly expiresAt: string;
  /** The agent key the credential is bound to (base64url Ed25519). */
  readonly boundKey: string;
  readonly capabilities: readonly Capability[];
  /** Leaf first: agent, delegation, agent, delegation, ..., principal, entitlement. */
  readonly chain: readonly ChainHop[];
  /** The audience the agent asked for, if it named one. */
  readonly audience?: string;
  /** Absent for credentials issued before formats were recorded (the `writ-v1` shape). */
  readonly tokenFormat?: CredentialTokenFormat;
}

export interface JwsSigner {
  readonly kid: string;
  sign(message: Uint8Array): Uint8Array;
}

/** Compact JWS over the claims, built by hand: header and payload are plain JSON. */
export function signCompactJws(claims: object, signer: JwsSigner, typ = 'JWT'): string {
  const header = toBase64Url(utf8ToBytes(JSON.stringify({ alg: 'EdDSA', typ, kid: signer.kid })));
  const payload = toBase64Url(utf8ToBytes(JSON.stringify(claims)));
  const signingInput = `${header}.${payload}`;
  return `${signingInput}.${toBase64Url(signer.sign(utf8ToBytes(signingInput)))}`;
}

/** The issued credential from a recorded `credential.issued` event (its statement and result). */
export function issuedCredentialOf(agentId: string, body: unknown, result: unknown): IssuedCredential | undefined {
  const b = body as { credentialId?: unknown; delegationId?: unknown; task?: IssuedCredential['task']; audience?: unknown } | null;
  const r = result as Partial<IssuedCredential> | null;
  if (b === null || r === null || typeof b !== 'object' || typeof r !== 'object') return undefined;
  if (typeof b.credentialId !== 'string' || typeof b.delegationId !== 'string' || b.task === undefined) return undefined;
  if (r.issuedAt === undefined || r.expiresAt === undefined || r.boundKey === undefined || r.capabilities === undefined || r.chain === undefined) return undefined;
  return {
    agentId,
    credentialId: b.credentialId,
    delegationId: b.delegationId,
    task: b.task,
    issuedAt: r.issuedAt,
    expiresAt: r.expiresAt,
    boundKey: r.boundKey,
    capabilities: r.capabilities,
    chain: r.chain,
    ...(typeof b.audience === 'string' ? { audience: b.audience } : {}),
    ...(r.tokenFormat === undefined ? {} : { tokenFormat: r.tokenFormat }),
  };
}
