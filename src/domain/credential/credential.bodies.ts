// Bodies of credential-<id> statements. An agent signs `credential.request`; the
// ledger records `credential.issued` with the window and binding it derived.
import type { Problem, Result } from '../../errors/problem';
import type { Capability } from '../capability';
import { readCause, type Cause } from '../cascade/cause';
import type { ChainHop } from '../decision/chain';
import { capabilities } from '../delegation/delegation.bodies';
import { finish, has, id, integer, optionalText, readObject, withoutUndefined } from '../shared/body-reader';

export interface CredentialRequestBody {
  readonly credentialId: string;
  readonly delegationId: string;
  readonly task: { readonly id: string; readonly description?: string };
  /** A subset of the delegation's; the delegation's own when absent. */
  readonly capabilities?: readonly Capability[];
  /** Lifetime asked for; the ledger's default when absent, never past the chain's end. */
  readonly ttlSeconds?: number;
}

/** What the ledger derived when it issued the credential (recorded as the event's result). */
export interface CredentialIssuedResult {
  readonly issuedAt: string;
  readonly expiresAt: string;
  /** The agent's key at issuance, base64url: presenting the credential needs this key. */
  readonly boundKey: string;
  readonly capabilities: readonly Capability[];
  /** The chain it was issued under, leaf first (agent, delegation, ..., human, entitlement). */
  readonly chain: readonly ChainHop[];
}

export interface CredentialRevokedBody {
  readonly credentialId: string;
  readonly reason?: string;
  readonly cause?: Cause;
}

const MAX_TTL_SECONDS = 7 * 86_400;

export function parseCredentialRequest(body: unknown): Result<CredentialRequestBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['credentialId', 'delegationId', 'task', 'capabilities', 'ttlSeconds']);
  const task = readObject(f.obj.task, 'body.task', problems, ['id', 'description']);
  const value = {
    credentialId: id(f, 'credentialId'),
    delegationId: id(f, 'delegationId'),
    task: withoutUndefined({ id: id(task, 'id'), description: optionalText(task, 'description') }),
    capabilities: has(f, 'capabilities') ? capabilities(f.obj.capabilities, problems) : undefined,
    ttlSeconds: has(f, 'ttlSeconds') ? integer(f, 'ttlSeconds', 1, MAX_TTL_SECONDS) : undefined,
  };
  return finish(problems, () => withoutUndefined(value));
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
