// Bodies of delegation-<id> statements.
import { problem, type Problem, type Result } from '../../errors/problem';
import { validateCapabilities, type Capability } from '../capability';
import { readCause, type Cause } from '../cascade/cause';
import { finish, has, id, instant, integer, optionalId, optionalText, readObject, text, withoutUndefined } from '../shared/body-reader';
import { parseInstant } from '../shared/time';

/** Longest re-delegation depth a grant may allow; keeps every chain short to walk. */
export const MAX_DELEGATION_DEPTH = 16;

export interface DelegationGrantedBody {
  readonly delegationId: string;
  /** The agent receiving the authority. */
  readonly delegateeId: string;
  /** Re-delegation: the delegation the actor holds and grants from. */
  readonly parentId?: string;
  /** Root grant: the actor's (a human's) entitlement it is granted from. */
  readonly entitlementId?: string;
  readonly capabilities: readonly Capability[];
  readonly notBefore: string;
  readonly notAfter: string;
  /** How many further levels of re-delegation the delegatee may make. */
  readonly depth: number;
  readonly purpose: string;
}

export interface DelegationRevokedBody {
  readonly delegationId: string;
  readonly reason?: string;
  /** Present exactly when the ledger records this as a cascade. */
  readonly cause?: Cause;
}

const FIELDS = ['delegationId', 'delegateeId', 'parentId', 'entitlementId', 'capabilities', 'notBefore', 'notAfter', 'depth', 'purpose'];

export function parseDelegationGranted(body: unknown): Result<DelegationGrantedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, FIELDS);
  const value = {
    delegationId: id(f, 'delegationId'),
    delegateeId: id(f, 'delegateeId'),
    parentId: optionalId(f, 'parentId'),
    entitlementId: optionalId(f, 'entitlementId'),
    capabilities: capabilities(f.obj.capabilities, problems),
    notBefore: instant(f, 'notBefore'),
    notAfter: instant(f, 'notAfter'),
    depth: integer(f, 'depth', 0, MAX_DELEGATION_DEPTH),
    purpose: text(f, 'purpose'),
  };
  if ((value.parentId === undefined) === (value.entitlementId === undefined)) {
    problems.push(problem('body.invalid', 'name exactly one of parentId (re-delegation) and entitlementId (root grant)', 'body.parentId'));
  }
  const from = parseInstant(value.notBefore);
  const to = parseInstant(value.notAfter);
  if (from !== undefined && to !== undefined && from >= to) {
    problems.push(problem('delegation.window_invalid', 'notAfter must be later than notBefore', 'body.notAfter'));
  }
  return finish(problems, () => withoutUndefined(value));
}

export function capabilities(value: unknown, problems: Problem[], path = 'body.capabilities'): readonly Capability[] {
  const checked = validateCapabilities(value, path);
  if (checked.ok) return checked.value;
  problems.push(...checked.problems);
  return [];
}

export function parseDelegationRevoked(body: unknown): Result<DelegationRevokedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['delegationId', 'reason', 'cause']);
  const value = {
    delegationId: id(f, 'delegationId'),
    reason: optionalText(f, 'reason'),
    cause: has(f, 'cause') ? readCause(f.obj.cause, 'body.cause', problems) : undefined,
  };
  return finish(problems, () => withoutUndefined(value));
}
