// Folding principal-<id> streams.
import { refOf, type RecordedEvent } from '../shared/events';
import type { Evolver } from '../shared/handler';
import { checkedKey } from '../shared/keys';
import { parseInstant } from '../shared/time';
import type { PrincipalState } from '../state/aggregates';
import type { LedgerState } from '../state/ledger-state';
import { putPrincipal, update, updatePrincipal } from '../state/mutate';
import type {
  EntitlementGrantedBody,
  EntitlementRevokedBody,
  PrincipalKeyRotatedBody,
  PrincipalRegisteredBody,
  RoleBody,
} from './principal.bodies';

const bodyOf = <B>(event: RecordedEvent) => event.statement.body as B;

/** Every event in a principal's stream moves its latest-event ref. */
function touch(state: LedgerState, event: RecordedEvent, change: (p: PrincipalState) => Partial<PrincipalState> = () => ({})) {
  const { principalId } = bodyOf<{ principalId: string }>(event);
  updatePrincipal(state, principalId, (p) => ({ ...p, ...change(p), ref: refOf(event) }));
}

const registered: Evolver = (state, event) => {
  const b = bodyOf<PrincipalRegisteredBody>(event);
  putPrincipal(state, {
    id: b.principalId,
    kind: b.kind,
    name: b.name,
    key: { encoded: b.publicKey, checked: checkedKey(b.publicKey) },
    roles: [],
    status: 'active',
    registeredAt: parseInstant(event.recordedAt) ?? 0,
    ref: refOf(event),
  });
};

const roleGranted: Evolver = (state, event) => {
  const { role } = bodyOf<RoleBody>(event);
  touch(state, event, (p) => ({ roles: [...p.roles, role] }));
};

const roleRevoked: Evolver = (state, event) => {
  const { role } = bodyOf<RoleBody>(event);
  touch(state, event, (p) => ({ roles: p.roles.filter((r) => r !== role) }));
};

const entitlementGranted: Evolver = (state, event) => {
  const b = bodyOf<EntitlementGrantedBody>(event);
  state.entitlements.set(b.entitlementId, {
    id: b.entitlementId,
    holderId: b.principalId,
    capability: b.capability,
    status: 'active',
    grantedAt: parseInstant(event.recordedAt) ?? 0,
    ref: refOf(event),
  });
  touch(state, event);
};

const entitlementRevoked: Evolver = (state, event) => {
  const b = bodyOf<EntitlementRevokedBody>(event);
  update(state.entitlements, b.entitlementId, (e) => ({ ...e, status: 'revoked' as const, ref: refOf(event) }));
  touch(state, event);
};

const keyRotated: Evolver = (state, event) => {
  const { publicKey } = bodyOf<PrincipalKeyRotatedBody>(event);
  touch(state, event, () => ({ key: { encoded: publicKey, checked: checkedKey(publicKey) } }));
};

const deactivated: Evolver = (state, event) => touch(state, event, () => ({ status: 'deactivated' }));

export const principalEvolvers = {
  'principal.registered': registered,
  'principal.role_granted': roleGranted,
  'principal.role_revoked': roleRevoked,
  'principal.entitlement_granted': entitlementGranted,
  'principal.entitlement_revoked': entitlementRevoked,
  'principal.key_rotated': keyRotated,
  'principal.deactivated': deactivated,
};
