// Builders for every statement type, with sensible defaults a test overrides.
import type { Capability } from '../../../src/domain';
import { formatInstant } from '../../../src/domain';
import { DAY, HOUR, T0, keyOf, type Command } from './test-ledger';

type Body = Record<string, unknown>;
const c = (type: string, actor: string, body: Body): Command => ({ type, actor, body });

export const LEDGER = 'ledger';
export const ADMIN = 'admin';

export const PO: Capability = { resource: 'erp://po/**', actions: ['create', 'read'], conditions: { maxAmount: 50_000 } };

export const genesis = (over: Body = {}): Command =>
  c('ledger.genesis', LEDGER, {
    publicKey: keyOf(LEDGER),
    admins: [{ principalId: ADMIN, kind: 'human', name: 'Ada Admin', publicKey: keyOf(ADMIN) }],
    ...over,
  });
export const rotateLedgerKey = (actor: string, publicKey: string) => c('ledger.key_rotated', actor, { publicKey });
export const checkpoint = (treeSize: number, actor = LEDGER) =>
  c('checkpoint.recorded', actor, { treeSize, rootHash: 'ab'.repeat(32), note: 'writ.local/ledger-1\n1\nroot\n' });

export const register = (actor: string, principalId: string, kind = 'human', over: Body = {}) =>
  c('principal.registered', actor, { principalId, kind, name: principalId, publicKey: keyOf(principalId), ...over });
export const grantRole = (actor: string, principalId: string, role: string) => c('principal.role_granted', actor, { principalId, role });
export const revokeRole = (actor: string, principalId: string, role: string) => c('principal.role_revoked', actor, { principalId, role });
export const grantEntitlement = (actor: string, principalId: string, entitlementId: string, capability: unknown = PO) =>
  c('principal.entitlement_granted', actor, { principalId, entitlementId, capability });
export const revokeEntitlement = (actor: string, principalId: string, entitlementId: string) =>
  c('principal.entitlement_revoked', actor, { principalId, entitlementId });
export const rotatePrincipalKey = (actor: string, principalId: string, publicKey: string) =>
  c('principal.key_rotated', actor, { principalId, publicKey });
export const deactivate = (actor: string, principalId: string) => c('principal.deactivated', actor, { principalId, reason: 'left' });

export const provision = (actor: string, agentId: string, ownerId: string, over: Body = {}) =>
  c('agent.provisioned', actor, {
    agentId,
    ownerId,
    publicKey: keyOf(agentId),
    purpose: `${agentId} purpose`,
    model: { name: 'model-x', version: '1' },
    ...over,
  });
export const rotateAgentKey = (actor: string, agentId: string, publicKey: string) => c('agent.key_rotated', actor, { agentId, publicKey });
export const transfer = (actor: string, agentId: string, newOwnerId: string) => c('agent.ownership_transferred', actor, { agentId, newOwnerId });
export const changeModel = (actor: string, agentId: string, version = '2') =>
  c('agent.model_changed', actor, { agentId, model: { name: 'model-x', version } });
export const review = (actor: string, agentId: string) => c('agent.reviewed', actor, { agentId, reason: 'still right' });
export const suspend = (actor: string, agentId: string) => c('agent.suspended', actor, { agentId, reason: 'kill switch' });
export const resume = (actor: string, agentId: string) => c('agent.resumed', actor, { agentId });
export const deprovision = (actor: string, agentId: string) => c('agent.deprovisioned', actor, { agentId });

export const window = (fromMs = T0 - HOUR, toMs = T0 + 30 * DAY) => ({ notBefore: formatInstant(fromMs), notAfter: formatInstant(toMs) });

export const grantRoot = (actor: string, delegationId: string, delegateeId: string, entitlementId: string, over: Body = {}) =>
  c('delegation.granted', actor, {
    delegationId,
    delegateeId,
    entitlementId,
    capabilities: [PO],
    ...window(),
    depth: 3,
    purpose: 'procurement',
    ...over,
  });
export const grantFrom = (actor: string, delegationId: string, delegateeId: string, parentId: string, over: Body = {}) =>
  c('delegation.granted', actor, {
    delegationId,
    delegateeId,
    parentId,
    capabilities: [{ resource: 'erp://po/vendors/**', actions: ['read'], conditions: { maxAmount: 50_000 } }],
    ...window(T0 - HOUR, T0 + 7 * DAY),
    depth: 1,
    purpose: 'vendor lookups',
    ...over,
  });
export const revokeDelegation = (actor: string, delegationId: string, over: Body = {}) =>
  c('delegation.revoked', actor, { delegationId, ...over });

export const requestCredential = (actor: string, credentialId: string, delegationId: string, over: Body = {}) =>
  c('credential.request', actor, { credentialId, delegationId, task: { id: 'task-1', description: 'orders' }, ...over });
export const revokeCredential = (actor: string, credentialId: string, over: Body = {}) =>
  c('credential.revoked', actor, { credentialId, ...over });

let requests = 0;
export const act = (actor: string, credentialId: string, over: Body = {}) =>
  c('action.request', actor, {
    requestId: `req-${++requests}`,
    credentialId,
    action: 'create',
    resource: 'erp://po/orders/1',
    amount: 5_000,
    taskId: 'task-1',
    ...over,
  });
export const approve = (actor: string, agentId: string, approvalId: string) => c('approval.granted', actor, { agentId, approvalId });
export const refuse = (actor: string, agentId: string, approvalId: string) => c('approval.refused', actor, { agentId, approvalId, note: 'no' });
