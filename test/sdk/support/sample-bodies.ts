// One valid body per mutation, typed by the SDK's body map: if the domain's body types
// change, this stops compiling; if its parsers change, the builder test fails.
import type { BodyOfMutation, MutationName } from '../../../src/sdk';

const key = 'O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik';
const capability = { resource: 'erp://po/*', actions: ['create'], conditions: { maxAmount: 100 } };

export const SAMPLE_BODIES: { readonly [M in MutationName]: BodyOfMutation<M> } = {
  registerPrincipal: { principalId: 'human-1', kind: 'human', name: 'Ada', publicKey: key },
  grantRole: { principalId: 'human-1', role: 'auditor' },
  revokeRole: { principalId: 'human-1', role: 'auditor' },
  grantEntitlement: { principalId: 'human-1', entitlementId: 'ent-1', capability },
  revokeEntitlement: { principalId: 'human-1', entitlementId: 'ent-1', reason: 'left' },
  rotatePrincipalKey: { principalId: 'human-1', publicKey: key },
  deactivatePrincipal: { principalId: 'human-1' },
  provisionAgent: { agentId: 'agent-1', ownerId: 'human-1', publicKey: key, purpose: 'buy paper', model: { name: 'm', version: '1' } },
  rotateAgentKey: { agentId: 'agent-1', publicKey: key },
  transferAgentOwnership: { agentId: 'agent-1', newOwnerId: 'human-2' },
  changeAgentModel: { agentId: 'agent-1', model: { name: 'm', version: '2' } },
  reviewAgent: { agentId: 'agent-1', reason: 'quarterly' },
  suspendAgent: { agentId: 'agent-1' },
  setContainmentPolicy: { suspend: [{ rule: 'rate.spike', atLeast: 'high' }], reason: 'contain runaway agents' },
  resumeAgent: { agentId: 'agent-1' },
  deprovisionAgent: { agentId: 'agent-1', reason: 'done' },
  grantDelegation: {
    delegationId: 'del-1',
    delegateeId: 'agent-1',
    entitlementId: 'ent-1',
    capabilities: [capability],
    notBefore: '2026-11-24T10:00:00.000Z',
    notAfter: '2026-11-25T10:00:00.000Z',
    depth: 1,
    purpose: 'procurement',
  },
  revokeDelegation: { delegationId: 'del-1', reason: 'no longer needed' },
  requestCredential: { credentialId: 'cred-1', delegationId: 'del-1', task: { id: 'task-1' }, ttlSeconds: 300 },
  revokeCredential: { credentialId: 'cred-1' },
  authorize: { requestId: 'req-1', credentialId: 'cred-1', action: 'create', resource: 'erp://po/42', amount: 50, taskId: 'task-1' },
  grantApproval: { agentId: 'agent-1', approvalId: 'req-1' },
  refuseApproval: { agentId: 'agent-1', approvalId: 'req-1', note: 'too much' },
  rotateLedgerKey: { publicKey: key },
};
