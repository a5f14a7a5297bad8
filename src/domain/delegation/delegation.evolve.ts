// Folding delegation-<id> streams, and the indexes cascades walk.
import { refOf, type RecordedEvent } from '../shared/events';
import type { Evolver } from '../shared/handler';
import { parseInstant } from '../shared/time';
import { pushIndex } from '../state/ledger-state';
import { update } from '../state/mutate';
import type { DelegationGrantedBody, DelegationRevokedBody } from './delegation.bodies';

const bodyOf = <B>(event: RecordedEvent) => event.statement.body as B;

const granted: Evolver = (state, event) => {
  const b = bodyOf<DelegationGrantedBody>(event);
  const delegatorId = event.statement.actor;
  state.delegations.set(b.delegationId, {
    id: b.delegationId,
    delegatorId,
    delegateeId: b.delegateeId,
    ...(b.parentId === undefined ? {} : { parentId: b.parentId }),
    ...(b.entitlementId === undefined ? {} : { entitlementId: b.entitlementId }),
    capabilities: b.capabilities,
    notBefore: parseInstant(b.notBefore) ?? 0,
    notAfter: parseInstant(b.notAfter) ?? 0,
    depth: b.depth,
    purpose: b.purpose,
    status: 'active',
    grantedAt: parseInstant(event.recordedAt) ?? 0,
    ref: refOf(event),
  });
  const { index } = state;
  if (b.parentId !== undefined) pushIndex(index.children, b.parentId, b.delegationId);
  if (b.entitlementId !== undefined) pushIndex(index.byEntitlement, b.entitlementId, b.delegationId);
  pushIndex(index.byDelegator, delegatorId, b.delegationId);
  pushIndex(index.byDelegatee, b.delegateeId, b.delegationId);
};

const revoked: Evolver = (state, event) => {
  const { delegationId } = bodyOf<DelegationRevokedBody>(event);
  const ref = refOf(event);
  update(state.delegations, delegationId, (d) => ({ ...d, status: 'revoked' as const, ref, revokedBy: ref }));
};

export const delegationEvolvers = {
  'delegation.granted': granted,
  'delegation.revoked': revoked,
};
