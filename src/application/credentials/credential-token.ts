// An issued credential as a compact JWS (RFC 7515, `alg: EdDSA` of RFC 8037), so that
// any JOSE library checks it offline against the ledger's JWKS. The claims are derived
// from the recorded `credential.issued` event alone (its statement and result), so the
// same credential always carries the same claims; only the signing key may differ
// after a ledger key rotation (the header's `kid` says which).
//
// Offline checks cannot see revocation: the decision API is the authority at action time.
import type { Capability } from '../../domain/capability/capability.types';
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
}

/** RFC 8693 actor claim, nested from the agent's delegator back to the human. */
export interface ActClaim {
  readonly sub: string;
  /** The delegation through which `sub` acted for the one below it. */
  readonly writ_delegation: string;
  readonly act?: ActClaim;
}

/** RFC 9396 authorization details entry for one capability. */
export interface CapabilityDetail {
  readonly type: 'writ_capability';
  readonly locations: readonly string[];
  readonly actions: readonly string[];
  readonly conditions?: unknown;
}

export interface CredentialClaims {
  readonly iss: string;
  readonly sub: string;
  readonly jti: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly cnf: { readonly jwk: { readonly kty: 'OKP'; readonly crv: 'Ed25519'; readonly x: string } };
  readonly authorization_details: readonly CapabilityDetail[];
  readonly act: ActClaim;
  readonly writ_task: { readonly id: string; readonly description?: string };
  readonly writ_delegation: string;
}

export const CREDENTIAL_TYPE = 'writ_capability';

const seconds = (instant: string) => Math.floor(Date.parse(instant) / 1000);

/**
 * The claims of an issued credential. `issuer` is the ledger's checkpoint origin
 * (`<host>/<ledgerId>`): the one name the ledger key already signs under.
 */
export function credentialClaims(issuer: string, c: IssuedCredential): CredentialClaims {
  const iat = seconds(c.issuedAt);
  return {
    iss: issuer,
    sub: c.agentId,
    jti: c.credentialId,
    iat,
    nbf: iat,
    exp: seconds(c.expiresAt),
    cnf: { jwk: { kty: 'OKP', crv: 'Ed25519', x: c.boundKey } },
    authorization_details: c.capabilities.map(detailOf),
    act: actOf(c.chain),
    writ_task: c.task.description === undefined ? { id: c.task.id } : { id: c.task.id, description: c.task.description },
    writ_delegation: c.delegationId,
  };
}

function detailOf(capability: Capability): CapabilityDetail {
  const base = { type: CREDENTIAL_TYPE, locations: [capability.resource], actions: [...capability.actions] } as const;
  return capability.conditions === undefined ? base : { ...base, conditions: capability.conditions };
}

/**
 * The chain's delegations, leaf first, each with who granted it: the delegator of
 * delegation i is the agent that follows it, or the human at the root.
 */
export function actOf(chain: readonly ChainHop[]): ActClaim {
  const links: { delegation: string; delegator: string }[] = [];
  for (let i = 0; i < chain.length; i++) {
    const hop = chain[i]!;
    if (hop.kind !== 'delegation') continue;
    const next = chain[i + 1];
    if (next !== undefined && (next.kind === 'agent' || next.kind === 'principal')) links.push({ delegation: hop.id, delegator: next.id });
  }
  if (links.length === 0) throw new Error('a credential chain holds at least one delegation');
  let act: ActClaim | undefined;
  for (let i = links.length - 1; i >= 0; i--) {
    const { delegation, delegator } = links[i]!;
    act = act === undefined ? { sub: delegator, writ_delegation: delegation } : { sub: delegator, writ_delegation: delegation, act };
  }
  return act!;
}

export interface JwsSigner {
  readonly kid: string;
  sign(message: Uint8Array): Uint8Array;
}

/** Compact JWS over the claims, built by hand: header and payload are plain JSON. */
export function signCompactJws(claims: object, signer: JwsSigner): string {
  const header = toBase64Url(utf8ToBytes(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid: signer.kid })));
  const payload = toBase64Url(utf8ToBytes(JSON.stringify(claims)));
  const signingInput = `${header}.${payload}`;
  return `${signingInput}.${toBase64Url(signer.sign(utf8ToBytes(signingInput)))}`;
}

/** The issued credential from a recorded `credential.issued` event (its statement and result). */
export function issuedCredentialOf(agentId: string, body: unknown, result: unknown): IssuedCredential | undefined {
  const b = body as { credentialId?: unknown; delegationId?: unknown; task?: IssuedCredential['task'] } | null;
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
  };
}
