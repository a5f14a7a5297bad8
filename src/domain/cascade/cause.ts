// A cascade revocation names its cause: the triggering event's type, the id of what it
// was about, its hash and its position. The ledger signs these statements itself, so
// the rules check that the cause is a real event of that kind (the latest of its kind
// for that subject) and that the target lies in its reach.
import { err, joinPath, ok, problem, type Problem, type Result } from '../../errors/problem';
import { hex64, id, integer, oneOf, readObject } from '../shared/body-reader';
import type { EventRef } from '../shared/events';
import type { LedgerView } from '../state/view';

export const CASCADE_TRIGGERS = [
  'delegation.revoked',
  'principal.entitlement_revoked',
  'agent.suspended',
  'agent.deprovisioned',
  'agent.key_rotated',
] as const;
export type CascadeTrigger = (typeof CASCADE_TRIGGERS)[number];

export interface Cause {
  readonly type: CascadeTrigger;
  /** The delegation, entitlement or agent the triggering event was about. */
  readonly id: string;
  readonly hash: string;
  readonly position: number;
}

export function readCause(value: unknown, path: string, problems: Problem[]): Cause {
  const f = readObject(value, path, problems, ['type', 'id', 'hash', 'position']);
  return {
    type: oneOf(f, 'type', CASCADE_TRIGGERS),
    id: id(f, 'id'),
    hash: hex64(f, 'hash'),
    position: integer(f, 'position', 0, Number.MAX_SAFE_INTEGER),
  };
}

/** The recorded event of the cause's kind for its subject, as the state remembers it. */
function recordedCause(view: LedgerView, cause: Cause): EventRef | undefined {
  switch (cause.type) {
    case 'delegation.revoked':
      return view.delegation(cause.id)?.revokedBy;
    case 'principal.entitlement_revoked': {
      const e = view.entitlement(cause.id);
      return e?.status === 'revoked' ? e.ref : undefined;
    }
    default:
      return view.agent(cause.id)?.causes[cause.type];
  }
}

export function causeMismatch(view: LedgerView, cause: Cause): Problem | undefined {
  const ref = recordedCause(view, cause);
  if (ref !== undefined && ref.hash === cause.hash && ref.position === cause.position) return undefined;
  return problem('cascade.cause_mismatch', `no ${cause.type} event ${cause.hash} at ${cause.position} for ${cause.id}`, joinPath('body', 'cause'));
}

/**
 * The ledger revokes only as a cascade (naming a real cause whose reach includes the
 * target); everyone else revokes on their own authority and names no cause.
 * Returns true when the statement is a valid cascade, false when it is a direct one.
 */
export function checkCascade(view: LedgerView, actorIsLedger: boolean, cause: Cause | undefined, inScope: (c: Cause) => boolean, targetPath: string): Result<boolean> {
  if (actorIsLedger !== (cause !== undefined)) {
    const message = actorIsLedger ? 'the ledger revokes only as a cascade, naming its cause' : 'only the ledger names a cascade cause';
    return err(problem('body.invalid', message, 'body.cause'));
  }
  if (cause === undefined) return ok(false);
  const mismatch = causeMismatch(view, cause);
  if (mismatch !== undefined) return err(mismatch);
  if (!inScope(cause)) return err(problem('cascade.out_of_scope', `outside the reach of ${cause.type} ${cause.id}`, targetPath));
  return ok(true);
}
