// Rules for principal-<id> streams: registration, roles, entitlements, keys,
// deactivation. Admins hold this authority; brokers may register humans (invariant 9).
import { err, ok, problem, type Result } from '../../errors/problem';
import { hasRole, isAdmin, notAuthorized } from '../authority/actor';
import { streams } from '../catalogue';
import type { NewEvent } from '../shared/events';
import { handler, type DecideContext } from '../shared/handler';
import type { PrincipalState } from '../state/aggregates';
import type { LedgerView } from '../state/view';
import {
  parseEntitlementGranted,
  parseEntitlementRevoked,
  parsePrincipalDeactivated,
  parsePrincipalKeyRotated,
  parsePrincipalRegistered,
  parseRole,
  type EntitlementGrantedBody,
  type EntitlementRevokedBody,
  type PrincipalDeactivatedBody,
  type PrincipalKeyRotatedBody,
  type PrincipalRegisteredBody,
  type RoleBody,
} from './principal.bodies';

const unchanged = (message: string, path: string) => err(problem('state.unchanged', message, path));
const accept = (type: NewEvent['type'], principalId: string): Result<NewEvent> =>
  ok({ stream: streams.principal(principalId), type });

/** An existing principal other than the ledger itself, which has its own statements. */
export function targetPrincipal(view: LedgerView, id: string, path = 'body.principalId'): Result<PrincipalState> {
  const p = view.principal(id);
  if (p === undefined || p.kind === 'ledger') return err(problem('principal.not_found', `no principal ${id}`, path));
  return ok(p);
}

const activeTarget = (view: LedgerView, id: string): Result<PrincipalState> => {
  const p = targetPrincipal(view, id);
  if (p.ok && p.value.status === 'deactivated') return err(problem('principal.deactivated', `principal ${id} is deactivated`, 'body.principalId'));
  return p;
};

function decideRegistered(ctx: DecideContext<PrincipalRegisteredBody>): Result<NewEvent> {
  const { view, body, actor } = ctx;
  const mayRegister = hasRole(actor, 'admin') || (body.kind === 'human' && hasRole(actor, 'broker'));
  if (!mayRegister) return notAuthorized('admins register principals; brokers register humans');
  if (view.principal(body.principalId) !== undefined || view.agent(body.principalId) !== undefined) {
    return err(problem('principal.already_exists', `id ${body.principalId} is taken`, 'body.principalId'));
  }
  return accept('principal.registered', body.principalId);
}

function decideRoleGranted(ctx: DecideContext<RoleBody>): Result<NewEvent> {
  if (!hasRole(ctx.actor, 'admin')) return notAuthorized('only admins grant roles');
  const target = activeTarget(ctx.view, ctx.body.principalId);
  if (!target.ok) return target;
  if (target.value.roles.includes(ctx.body.role)) return unchanged(`already holds ${ctx.body.role}`, 'body.role');
  return accept('principal.role_granted', ctx.body.principalId);
}

function decideRoleRevoked(ctx: DecideContext<RoleBody>): Result<NewEvent> {
  if (!hasRole(ctx.actor, 'admin')) return notAuthorized('only admins revoke roles');
  const target = targetPrincipal(ctx.view, ctx.body.principalId);
  if (!target.ok) return target;
  if (!target.value.roles.includes(ctx.body.role)) return unchanged(`does not hold ${ctx.body.role}`, 'body.role');
  if (ctx.body.role === 'admin' && lastAdmin(ctx.view, target.value)) return lastAdminProblem();
  return accept('principal.role_revoked', ctx.body.principalId);
}

// Removing the last active admin would leave nobody able to grant, recover keys or revoke.
const lastAdmin = (view: LedgerView, p: PrincipalState) => isAdmin(view, p.id) && view.activeAdminCount() <= 1;
const lastAdminProblem = () => err(problem('principal.last_admin', 'the ledger must keep at least one active admin', 'body.principalId'));

function decideEntitlementGranted(ctx: DecideContext<EntitlementGrantedBody>): Result<NewEvent> {
  if (!hasRole(ctx.actor, 'admin')) return notAuthorized('only admins grant entitlements');
  const target = activeTarget(ctx.view, ctx.body.principalId);
  if (!target.ok) return target;
  if (target.value.kind !== 'human') return err(problem('principal.not_human', 'entitlements are held by humans', 'body.principalId'));
  if (ctx.view.entitlement(ctx.body.entitlementId) !== undefined) {
    return err(problem('entitlement.already_exists', `entitlement ${ctx.body.entitlementId} exists`, 'body.entitlementId'));
  }
  return accept('principal.entitlement_granted', ctx.body.principalId);
}

function decideEntitlementRevoked(ctx: DecideContext<EntitlementRevokedBody>): Result<NewEvent> {
  if (!hasRole(ctx.actor, 'admin')) return notAuthorized('only admins revoke entitlements');
  const target = targetPrincipal(ctx.view, ctx.body.principalId);
  if (!target.ok) return target;
  const entitlement = ctx.view.entitlement(ctx.body.entitlementId);
  if (entitlement === undefined || entitlement.holderId !== ctx.body.principalId) {
    return err(problem('entitlement.not_found', `${ctx.body.principalId} holds no entitlement ${ctx.body.entitlementId}`, 'body.entitlementId'));
  }
  if (entitlement.status === 'revoked') return unchanged('the entitlement is already revoked', 'body.entitlementId');
  return accept('principal.entitlement_revoked', ctx.body.principalId);
}

/** Signed with the principal's old key, or by an admin recovering a lost key. */
function decideKeyRotated(ctx: DecideContext<PrincipalKeyRotatedBody>): Result<NewEvent> {
  if (ctx.actor.id !== ctx.body.principalId && !hasRole(ctx.actor, 'admin')) {
    return notAuthorized('a key is rotated by its holder (old key) or by an admin');
  }
  const target = activeTarget(ctx.view, ctx.body.principalId);
  if (!target.ok) return target;
  if (target.value.key.encoded === ctx.body.publicKey) return unchanged('that is already the current key', 'body.publicKey');
  return accept('principal.key_rotated', ctx.body.principalId);
}

function decideDeactivated(ctx: DecideContext<PrincipalDeactivatedBody>): Result<NewEvent> {
  if (!hasRole(ctx.actor, 'admin')) return notAuthorized('only admins deactivate principals');
  const target = targetPrincipal(ctx.view, ctx.body.principalId);
  if (!target.ok) return target;
  if (target.value.status === 'deactivated') return unchanged('already deactivated', 'body.principalId');
  if (lastAdmin(ctx.view, target.value)) return lastAdminProblem();
  return accept('principal.deactivated', ctx.body.principalId);
}

export const principalHandlers = {
  'principal.registered': handler({ parse: parsePrincipalRegistered, decide: decideRegistered }),
  'principal.role_granted': handler({ parse: parseRole, decide: decideRoleGranted }),
  'principal.role_revoked': handler({ parse: parseRole, decide: decideRoleRevoked }),
  'principal.entitlement_granted': handler({ parse: parseEntitlementGranted, decide: decideEntitlementGranted }),
  'principal.entitlement_revoked': handler({ parse: parseEntitlementRevoked, decide: decideEntitlementRevoked }),
  'principal.key_rotated': handler({ parse: parsePrincipalKeyRotated, decide: decideKeyRotated }),
  'principal.deactivated': handler({ parse: parsePrincipalDeactivated, decide: decideDeactivated }),
};
