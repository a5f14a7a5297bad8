// Bodies of credential-<id> statements. An agent signs `credential.request`; the
// ledger records `credential.issued` with the window and binding it derived.
import { problem, type Problem, type Result } from '../../errors/problem';
import type { Capability } from '../capability';
import { readCause, type Cause } from '../cascade/cause';
import type { ChainHop } from '../decision/chain';
import { capabilities } from '../delegation/delegation.bodies';
import { finish, has, id, integer, optionalText, readObject, text, withoutUndefined, type Fields } from '../shared/body-reader';

export interface CredentialRequestBody {
  readonly credentialId: string;
  readonly delegationId: string;
  readonly task: { readonly id: string; readonly description?: string };
  /** A subset of the delegation's; the delegation's own when absent. */
  readonly capabilities?: readonly Capability[];
  /** Lifetime asked for; the ledger's default when absent, never past the chain's end. */
  readonly ttlSeconds?: number;
  /**
   * Who the credential is for (RFC 8707 resource indicator): the token's `aud`. When
   * absent the token names the ledger itself (its origin), the decision API's audience.
   */
  readonly audience?: string;
}

/**
 * How the token of a credential reads. `rfc9068`: an RFC 9068 access token whose `sub` is
 * the human at the root and whose `act` nests the actors as RFC 8693 defines. Results
 * recorded before formats existed carry none and keep their first shape (`writ-v1`: the
 * agent in `sub`, `act` nested from its delegator to the human); see credential.legacy.ts.
 */
export type CredentialTokenFormat = 'rfc9068';
export const CREDENTIAL_TOKEN_FORMAT: CredentialTokenFormat = 'rfc9068';

/** What the ledger derived when it issued the credential (recorded as the event's result). */
export interface CredentialIssuedResult {
  readonly issuedAt: string;
  readonly expiresAt: string;
  /** The agent's key at issuance, base64url: presenting the credential needs this key. */
  readonly boundKey: string;
  readonly capabilities: readonly Capability[];
  /** The chain it was issued under, leaf first (agent, delegation, ..., human, entitlement). */
  readonly chain: readonly ChainHop[];
  /** Absent in results recorded before token formats existed. */
  readonly tokenFormat?: CredentialTokenFormat;
}

export interface CredentialRevokedBody {
  readonly credentialId: string;
  readonly reason?: string;
  readonly cause?: Cause;
}

const MAX_TTL_SECONDS = 7 * 86_400;
/** RFC 8707 asks for an absolute URI; any printable text up to this length is taken as signed. */
const MAX_AUDIENCE = 2048;

export function parseCredentialRequest(body: unknown): Result<CredentialRequestBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['credentialId', 'delegationId', 'task', 'capabilities', 'ttlSeconds', 'audience']);
  const task = readObject(f.obj.task, 'body.task', problems, ['id', 'description']);
  const value = {
    credentialId: id(f, 'credentialId'),
    delegationId: id(f, 'delegationId'),
    task: withoutUndefined({ id: id(task, 'id'), description: optionalText(task, 'description') }),
    capabilities: has(f, 'capabilities') ? capabilities(f.obj.capabilities, problems) : undefined,
    ttlSeconds: has(f, 'ttlSeconds') ? integer(f, 'ttlSeconds', 1, MAX_TTL_SECONDS) : undefined,
    audience: has(f, 'audience') ? audience(f) : undefined,
  };
  return finish(problems, () => withoutUndefined(value));
}

function audience(f: Fields): string {
  const v = text(f, 'audience', MAX_AUDIENCE);
  // A control character or a space cannot stand in a URI and would read ambiguously in logs.
  if (/[\u0000-\u0020\u007f]/.test(v)) {
    f.problems.push(problem('body.invalid', 'audience must be a URI without spaces or control characters', 'body.audience'));
  }
  return v;
}

export function parseCredentialRevoked(body: unknown): Result<CredentialRevokedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['credentialId', 'reason', 'cause']);
  const value = {
    credentialId: id(f, 'credentialId'),
    reason: optionalText(f, 'reason'),
    cause: has(f, 'cause') ? readCause(f.obj.cause, 'body.cause', problems) : undefined,
  };
  return finish(problems, () => withoutUndefined(value));
}
