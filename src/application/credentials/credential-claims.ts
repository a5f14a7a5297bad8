// The claims of an issued credential, in the shape its recorded result names.
//
// `rfc9068` (every credential issued since formats were recorded): an RFC 9068 JWT
// access token read as RFC 8693 defines delegation: `sub` is the human at the root of
// the chain (on whose behalf), `act` the agent holding the credential (the current
// actor, outermost) with the prior actors nested inside it toward the human, `aud` the
// audience the agent asked for (RFC 8707) or the ledger itself, `client_id` the agent.
//
// `writ-v1` (results without a format, recorded earlier): the agent in `sub` and `act`
// nested from its delegator to the human. Kept so that those credentials read as they
// were issued until they expire.
import type { Capability } from '../../domain/capability/capability.types';
import type { ChainHop } from '../../domain/decision/chain';
import type { IssuedCredential } from './credential-token';

/** RFC 8693 actor claim; `writ_delegation` names the delegation `sub` acted through. */
export interface ActClaim {
  readonly sub: string;
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

interface CommonClaims {
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

export interface AccessTokenClaims extends CommonClaims {
  readonly aud: string;
  readonly client_id: string;
}

export type CredentialClaims = AccessTokenClaims | CommonClaims;

export const CREDENTIAL_TYPE = 'writ_capability';

/** The JOSE `typ` of each shape: RFC 9068 section 2.1 asks for `at+jwt`. */
export const tokenTypeOf = (c: IssuedCredential): string => (c.tokenFormat === 'rfc9068' ? 'at+jwt' : 'JWT');

const seconds = (instant: string) => Math.floor(Date.parse(instant) / 1000);

/**
 * The claims of an issued credential. `issuer` is the ledger's checkpoint origin
 * (`<host>/<ledgerId>`): the one name the ledger key already signs under, and the
 * default audience (the credential is presented to this ledger's decision API).
 */
export function credentialClaims(issuer: string, c: IssuedCredential): CredentialClaims {
  const links = delegationLinks(c.chain);
  const iat = seconds(c.issuedAt);
  const common = {
    iss: issuer,
    jti: c.credentialId,
    iat,
    nbf: iat,
    exp: seconds(c.expiresAt),
    cnf: { jwk: { kty: 'OKP', crv: 'Ed25519', x: c.boundKey } },
    authorization_details: c.capabilities.map(detailOf),
    writ_task: c.task.description === undefined ? { id: c.task.id } : { id: c.task.id, description: c.task.description },
    writ_delegation: c.delegationId,
  } as const;
  if (c.tokenFormat !== 'rfc9068') return { ...common, sub: c.agentId, act: nest(links.map((l) => ({ sub: l.delegator, delegation: l.delegation }))) };
  const human = links[links.length - 1]!.delegator;
  return {
    ...common,
    sub: human,
    aud: c.audience ?? issuer,
    client_id: c.agentId,
    act: nest(links.map((l) => ({ sub: l.delegatee, delegation: l.delegation }))),
  };
}

function detailOf(capability: Capability): CapabilityDetail {
  const base = { type: CREDENTIAL_TYPE, locations: [capability.resource], actions: [...capability.actions] } as const;
  return capability.conditions === undefined ? base : { ...base, conditions: capability.conditions };
}

interface Link {
  readonly delegation: string;
  /** The agent the delegation was granted to (the hop before it, leaf first). */
  readonly delegatee: string;
  /** Who granted it: the agent or human that follows it. */
  readonly delegator: string;
}

/** The chain's delegations, leaf first, each with the parties on either side. */
function delegationLinks(chain: readonly ChainHop[]): Link[] {
  const links: Link[] = [];
  for (let i = 1; i < chain.length; i++) {
    const hop = chain[i]!;
    const before = chain[i - 1]!;
    const next = chain[i + 1];
    if (hop.kind !== 'delegation' || before.kind !== 'agent') continue;
    if (next !== undefined && (next.kind === 'agent' || next.kind === 'principal')) links.push({ delegation: hop.id, delegatee: before.id, delegator: next.id });
  }
  if (links.length === 0) throw new Error('a credential chain holds at least one delegation');
  return links;
}

/** Nests the actors, first outermost. */
function nest(actors: readonly { sub: string; delegation: string }[]): ActClaim {
  let act: ActClaim | undefined;
  for (let i = actors.length - 1; i >= 0; i--) {
    const { sub, delegation } = actors[i]!;
    act = act === undefined ? { sub, writ_delegation: delegation } : { sub, writ_delegation: delegation, act };
  }
  return act!;
}

/** The `act` claim of an RFC 9068 credential issued under `chain` (exported for tests and docs). */
export const actorsOf = (chain: readonly ChainHop[]): ActClaim => nest(delegationLinks(chain).map((l) => ({ sub: l.delegatee, delegation: l.delegation })));
