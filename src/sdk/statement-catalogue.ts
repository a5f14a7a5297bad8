// The one table of what a client may submit: each GraphQL mutation, the statement type it
// takes and that type's body. Builders, the client's mutation choice and the tests all
// read it, so a new statement type is one line here (and one in the body map).
// The ledger's own statements (ledger.genesis, checkpoint.recorded) are not submitted
// by clients and are left out.
import type { StatementType } from '../domain/catalogue';
import type { ApprovalAnswerBody, ActionRequestBody } from '../domain/action/action.bodies';
import type {
  AgentKeyRotatedBody,
  AgentNoteBody,
  AgentProvisionedBody,
  ModelChangedBody,
  OwnershipTransferredBody,
} from '../domain/agent/agent.bodies';
import type { ContainmentPolicyBody } from '../domain/behaviour/containment';
import type { CredentialRequestBody, CredentialRevokedBody } from '../domain/credential/credential.bodies';
import type { DelegationGrantedBody, DelegationRevokedBody } from '../domain/delegation/delegation.bodies';
import type { LedgerKeyRotatedBody } from '../domain/ledger/ledger.bodies';
import type {
  EntitlementGrantedBody,
  EntitlementRevokedBody,
  PrincipalDeactivatedBody,
  PrincipalKeyRotatedBody,
  PrincipalRegisteredBody,
  RoleBody,
} from '../domain/principal/principal.bodies';

/** GraphQL mutation name -> the statement type it takes. */
export const MUTATIONS = {
  registerPrincipal: 'principal.registered',
  grantRole: 'principal.role_granted',
  revokeRole: 'principal.role_revoked',
  grantEntitlement: 'principal.entitlement_granted',
  revokeEntitlement: 'principal.entitlement_revoked',
  rotatePrincipalKey: 'principal.key_rotated',
  deactivatePrincipal: 'principal.deactivated',
  provisionAgent: 'agent.provisioned',
  rotateAgentKey: 'agent.key_rotated',
  transferAgentOwnership: 'agent.ownership_transferred',
  changeAgentModel: 'agent.model_changed',
  reviewAgent: 'agent.reviewed',
  suspendAgent: 'agent.suspended',
  resumeAgent: 'agent.resumed',
  deprovisionAgent: 'agent.deprovisioned',
  grantDelegation: 'delegation.granted',
  revokeDelegation: 'delegation.revoked',
  requestCredential: 'credential.request',
  revokeCredential: 'credential.revoked',
  authorize: 'action.request',
  grantApproval: 'approval.granted',
  refuseApproval: 'approval.refused',
  rotateLedgerKey: 'ledger.key_rotated',
  setContainmentPolicy: 'containment.policy_set',
} as const satisfies Record<string, StatementType>;

export type MutationName = keyof typeof MUTATIONS;
/** A statement type a client submits. */
export type SubmittableType = (typeof MUTATIONS)[MutationName];

/** The body each submittable statement type carries (the domain's types). */
export interface BodyOf {
  'principal.registered': PrincipalRegisteredBody;
  'principal.role_granted': RoleBody;
  'principal.role_revoked': RoleBody;
  'principal.entitlement_granted': EntitlementGrantedBody;
  'principal.entitlement_revoked': EntitlementRevokedBody;
  'principal.key_rotated': PrincipalKeyRotatedBody;
  'principal.deactivated': PrincipalDeactivatedBody;
  'agent.provisioned': AgentProvisionedBody;
  'agent.key_rotated': AgentKeyRotatedBody;
  'agent.ownership_transferred': OwnershipTransferredBody;
  'agent.model_changed': ModelChangedBody;
  'agent.reviewed': AgentNoteBody;
  'agent.suspended': AgentNoteBody;
  'agent.resumed': AgentNoteBody;
  'agent.deprovisioned': AgentNoteBody;
  'delegation.granted': DelegationGrantedBody;
  'delegation.revoked': DelegationRevokedBody;
  'credential.request': CredentialRequestBody;
  'credential.revoked': CredentialRevokedBody;
  'action.request': ActionRequestBody;
  'approval.granted': ApprovalAnswerBody;
  'approval.refused': ApprovalAnswerBody;
  'ledger.key_rotated': LedgerKeyRotatedBody;
  'containment.policy_set': ContainmentPolicyBody;
}

export type BodyOfMutation<M extends MutationName> = BodyOf[(typeof MUTATIONS)[M]];

const byType: ReadonlyMap<string, MutationName> = new Map(
  Object.entries(MUTATIONS).map(([mutation, type]) => [type, mutation as MutationName]),
);

/** The mutation that takes statements of `type`, or undefined for a type clients do not submit. */
export function mutationFor(type: string): MutationName | undefined {
  return byType.get(type);
}
