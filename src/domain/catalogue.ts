// The closed lists of what actors sign (statement types) and what the ledger records
// (event types). They differ only where the ledger decides a request: an agent signs
// `credential.request` and `action.request`, an enforcer (a gateway) signs
// `authzen.evaluation` for an agent, and the ledger records the outcome.

export const STATEMENT_TYPES = [
  'ledger.genesis',
  'ledger.key_rotated',
  'checkpoint.recorded',
  'principal.registered',
  'principal.role_granted',
  'principal.role_revoked',
  'principal.entitlement_granted',
  'principal.entitlement_revoked',
  'principal.key_rotated',
  'principal.deactivated',
  'agent.provisioned',
  'agent.key_rotated',
  'agent.ownership_transferred',
  'agent.model_changed',
  'agent.reviewed',
  'agent.suspended',
  'agent.resumed',
  'agent.deprovisioned',
  'delegation.granted',
  'delegation.revoked',
  'credential.request',
  'credential.revoked',
  'action.request',
  'approval.granted',
  'approval.refused',
  'authzen.evaluation',
  'containment.policy_set',
] as const;
export type StatementType = (typeof STATEMENT_TYPES)[number];

export const EVENT_TYPES = [
  ...STATEMENT_TYPES.filter(
    (t): t is Exclude<StatementType, 'credential.request' | 'action.request' | 'authzen.evaluation'> =>
      t !== 'credential.request' && t !== 'action.request' && t !== 'authzen.evaluation',
  ),
  'credential.issued',
  'action.authorized',
  'action.denied',
  'approval.requested',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const statementTypes: ReadonlySet<string> = new Set(STATEMENT_TYPES);

export const isStatementType = (type: string): type is StatementType => statementTypes.has(type);

/** Stream names; ids are client-chosen and carried in each statement's body. */
export const streams = {
  ledger: 'ledger',
  checkpoints: 'checkpoints',
  containment: 'containment',
  principal: (id: string) => `principal-${id}`,
  agent: (id: string) => `agent-${id}`,
  delegation: (id: string) => `delegation-${id}`,
  credential: (id: string) => `credential-${id}`,
  actions: (agentId: string) => `actions-${agentId}`,
} as const;
