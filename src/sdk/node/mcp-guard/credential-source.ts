// The credential the guard presents: either one already issued (given as its token,
// never renewed: once it expires Writ denies, and records, every call), or one it asks
// for itself under a delegation and asks for again shortly before it expires.
import { ok, type Err, type Result } from '../../../errors/problem';
import { sign, statements, uuidv7, type WritClient, type WritKeys } from '../../index';
import { readCredentialClaims, type CredentialClaims } from './credential-claims';

export interface HeldCredential {
  readonly token: string;
  readonly claims: CredentialClaims;
}

export interface CredentialSource {
  /** The credential to present now. */
  current(): Promise<Result<HeldCredential>>;
}

export function issuedCredential(token: string): CredentialSource {
  const claims = readCredentialClaims(token);
  const held: Result<HeldCredential> = claims.ok ? ok({ token, claims: claims.value }) : claims;
  return { current: () => Promise.resolve(held) };
}

export interface RequestedCredentialOptions {
  readonly client: WritClient;
  readonly keys: WritKeys;
  readonly agentId: string;
  readonly delegationId: string;
  readonly taskId: string;
  readonly ttlSeconds?: number;
  readonly audience?: string;
  readonly now?: () => number;
}

const RETRY_AFTER_REFUSAL_MS = 5_000;

/** Asks again once less than a fifth of the lifetime (at most a minute) is left. */
export function requestedCredentials(options: RequestedCredentialOptions): CredentialSource {
  const now = options.now ?? Date.now;
  let held: HeldCredential | undefined;
  let renewAt = 0;
  let pending: Promise<Result<HeldCredential>> | undefined;

  // A refusal (the delegation revoked, the agent suspended) keeps the old credential, if
  // any: Writ then denies the calls made with it and records each denial. It is asked
  // again only after a pause, so a refused chain is not asked on every call.
  const refused = (why: Err): Result<HeldCredential> => {
    renewAt = now() + RETRY_AFTER_REFUSAL_MS;
    return held === undefined ? why : ok(held);
  };

  const request = async (): Promise<Result<HeldCredential>> => {
    const body = { credentialId: `mcp-${uuidv7()}`, delegationId: options.delegationId, task: { id: options.taskId }, ...(options.ttlSeconds === undefined ? {} : { ttlSeconds: options.ttlSeconds }), ...(options.audience === undefined ? {} : { audience: options.audience }) };
    const signed = sign(statements.requestCredential(body, { ledgerId: options.client.ledgerId, actor: options.agentId }), options.keys);
    const answer = await options.client.requestCredential(signed);
    if (!answer.ok) return refused(answer);
    const claims = readCredentialClaims(answer.value.credential.token);
    if (!claims.ok) return refused(claims);
    held = { token: answer.value.credential.token, claims: claims.value };
    const issuedMs = now();
    const lifetimeMs = claims.value.expiresAt * 1000 - issuedMs;
    renewAt = issuedMs + Math.max(0, lifetimeMs - Math.min(60_000, lifetimeMs / 5));
    return ok(held);
  };

  return {
    current() {
      if (held !== undefined && now() < renewAt) return Promise.resolve(ok(held));
      pending ??= request().finally(() => (pending = undefined));
      return pending;
    },
  };
}
