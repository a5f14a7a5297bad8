// Folding credential-<id> streams.
import { refOf, type RecordedEvent } from '../shared/events';
import type { Evolver } from '../shared/handler';
import { parseInstant } from '../shared/time';
import { pushIndex } from '../state/ledger-state';
import { update } from '../state/mutate';
import type { CredentialIssuedResult, CredentialRequestBody, CredentialRevokedBody } from './credential.bodies';

const bodyOf = <B>(event: RecordedEvent) => event.statement.body as B;

const issued: Evolver = (state, event) => {
  const b = bodyOf<CredentialRequestBody>(event);
  const r = event.result as CredentialIssuedResult;
  const agentId = event.statement.actor;
  state.credentials.set(b.credentialId, {
    id: b.credentialId,
    agentId,
    delegationId: b.delegationId,
    taskId: b.task.id,
    capabilities: r.capabilities,
    boundKey: r.boundKey,
    issuedAt: parseInstant(r.issuedAt) ?? 0,
    expiresAt: parseInstant(r.expiresAt) ?? 0,
    status: 'active',
    ref: refOf(event),
  });
  pushIndex(state.index.credentialsByDelegation, b.delegationId, b.credentialId);
  pushIndex(state.index.credentialsByAgent, agentId, b.credentialId);
};

const revoked: Evolver = (state, event) => {
  const { credentialId } = bodyOf<CredentialRevokedBody>(event);
  update(state.credentials, credentialId, (c) => ({ ...c, status: 'revoked' as const, ref: refOf(event) }));
};

export const credentialEvolvers = {
  'credential.issued': issued,
  'credential.revoked': revoked,
};
