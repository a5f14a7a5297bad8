// What the guard reads from the agent's own credential (an RFC 9068 JWT, see
// docs/authorization.md): its id for `action.request`, its task, its expiry and its
// capabilities (`authorization_details`), which decide which tools `tools/list` shows.
// The signature is not checked here: the credential is the agent's own, the tool list
// is a courtesy, and every call is decided by Writ, which checks everything.
import { err, ok, problem, type Result } from '../../../errors/problem';
import type { Capability } from '../../../domain/capability';

export interface CredentialClaims {
  readonly credentialId: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
  readonly taskId?: string;
  readonly capabilities: readonly Capability[];
}

/** Decodes a compact JWS credential's claims; attacker-shaped input gives a problem, never a throw. */
export function readCredentialClaims(token: string): Result<CredentialClaims> {
  const payload = decodePayload(token);
  if (payload === undefined || typeof payload['jti'] !== 'string' || typeof payload['exp'] !== 'number') {
    return err(problem('mcp.no_credential', 'the credential is not a Writ credential (a compact JWS with jti and exp)', 'credential'));
  }
  const task = payload['writ_task'] as { id?: unknown } | undefined;
  const claims = {
    credentialId: payload['jti'],
    expiresAt: payload['exp'],
    capabilities: capabilitiesOf(payload['authorization_details']),
  };
  return ok(typeof task?.id === 'string' ? { ...claims, taskId: task.id } : claims);
}

function decodePayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** One capability per location of each `writ_capability` detail; anything else is skipped. */
function capabilitiesOf(details: unknown): Capability[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => {
    const detail = (d ?? {}) as { type?: unknown; locations?: unknown; actions?: unknown };
    if (detail.type !== 'writ_capability' || !isStrings(detail.locations) || !isStrings(detail.actions)) return [];
    const actions = detail.actions;
    return detail.locations.map((resource) => ({ resource, actions }));
  });
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
