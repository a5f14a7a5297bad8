// The one table of per-use mutations: each takes a signed statement and tells the port
// which statement type it expects, so a statement signed for one use cannot be slipped
// through another. Resolvers are built from it (statement-mutation.resolver.ts).
import type { StatementType } from '../../domain/catalogue';

export interface StatementMutation {
  readonly mutation: string;
  readonly statementType: StatementType;
  /** A richer answer than the receipt (src/interface/graphql/authorization). */
  readonly answer?: 'credential' | 'decision';
}

export const STATEMENT_MUTATIONS = [
  { mutation: 'registerPrincipal', statementType: 'principal.registered' },
  { mutation: 'grantRole', statementType: 'principal.role_granted' },
  { mutation: 'revokeRole', statementType: 'principal.role_revoked' },
  { mutation: 'grantEntitlement', statementType: 'principal.entitlement_granted' },
  { mutation: 'revokeEntitlement', statementType: 'principal.entitlement_revoked' },
  { mutation: 'rotatePrincipalKey', statementType: 'principal.key_rotated' },
  { mutation: 'deactivatePrincipal', statementType: 'principal.deactivated' },
  { mutation: 'provisionAgent', statementType: 'agent.provisioned' },
  { mutation: 'rotateAgentKey', statementType: 'agent.key_rotated' },
  { mutation: 'transferAgentOwnership', statementType: 'agent.ownership_transferred' },
  { mutation: 'changeAgentModel', statementType: 'agent.model_changed' },
  { mutation: 'reviewAgent', statementType: 'agent.reviewed' },
  { mutation: 'suspendAgent', statementType: 'agent.suspended' },
  { mutation: 'resumeAgent', statementType: 'agent.resumed' },
  { mutation: 'deprovisionAgent', statementType: 'agent.deprovisioned' },
  { mutation: 'grantDelegation', statementType: 'delegation.granted' },
  { mutation: 'revokeDelegation', statementType: 'delegation.revoked' },
  { mutation: 'requestCredential', statementType: 'credential.request', answer: 'credential' },
  { mutation: 'revokeCredential', statementType: 'credential.revoked' },
  { mutation: 'authorize', statementType: 'action.request', answer: 'decision' },
  { mutation: 'grantApproval', statementType: 'approval.granted' },
  { mutation: 'refuseApproval', statementType: 'approval.refused' },
  { mutation: 'rotateLedgerKey', statementType: 'ledger.key_rotated' },
  { mutation: 'setContainmentPolicy', statementType: 'containment.policy_set' },
] as const satisfies readonly StatementMutation[];
