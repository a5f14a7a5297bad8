// Folding agent-<id> streams.
import { refOf, type RecordedEvent } from '../shared/events';
import { consumePending } from '../behaviour/containment';
import type { Evolver } from '../shared/handler';
import { checkedKey } from '../shared/keys';
import { parseInstant } from '../shared/time';
import type { AgentState } from '../state/aggregates';
import { pushIndex, type LedgerState } from '../state/ledger-state';
import { update } from '../state/mutate';
import type { AgentKeyRotatedBody, AgentProvisionedBody, ModelChangedBody, OwnershipTransferredBody } from './agent.bodies';

const bodyOf = <B>(event: RecordedEvent) => event.statement.body as B;

function touch(state: LedgerState, event: RecordedEvent, change: (a: AgentState) => Partial<AgentState>): void {
  const { agentId } = bodyOf<{ agentId: string }>(event);
  update(state.agents, agentId, (a) => ({ ...a, ...change(a), ref: refOf(event) }));
}

/** Remembers the event as the latest of its kind, which cascades cite as their cause. */
const cause = (a: AgentState, event: RecordedEvent, kind: keyof AgentState['causes']) => ({
  causes: { ...a.causes, [kind]: refOf(event) },
});

const provisioned: Evolver = (state, event) => {
  const b = bodyOf<AgentProvisionedBody>(event);
  state.agents.set(b.agentId, {
    id: b.agentId,
    ownerId: b.ownerId,
    key: { encoded: b.publicKey, checked: checkedKey(b.publicKey) },
    purpose: b.purpose,
    model: b.model,
    ...(b.parentAgentId === undefined ? {} : { parentAgentId: b.parentAgentId }),
    lifecycle: 'active',
    needsReview: false,
    provisionedAt: parseInstant(event.recordedAt) ?? 0,
    ref: refOf(event),
    causes: {},
  });
  if (b.parentAgentId !== undefined) pushIndex(state.index.subagents, b.parentAgentId, b.agentId);
};

const keyRotated: Evolver = (state, event) => {
  const { publicKey } = bodyOf<AgentKeyRotatedBody>(event);
  touch(state, event, (a) => ({ key: { encoded: publicKey, checked: checkedKey(publicKey) }, ...cause(a, event, 'agent.key_rotated') }));
};

const ownershipTransferred: Evolver = (state, event) => {
  const { newOwnerId } = bodyOf<OwnershipTransferredBody>(event);
  touch(state, event, () => ({ ownerId: newOwnerId }));
};

const modelChanged: Evolver = (state, event) => {
  const { model } = bodyOf<ModelChangedBody>(event);
  touch(state, event, () => ({ model, needsReview: true }));
};

const reviewed: Evolver = (state, event) =>
  touch(state, event, () => ({ needsReview: false, lastReviewedAt: parseInstant(event.recordedAt) ?? 0 }));

const suspended: Evolver = (state, event) => {
  touch(state, event, (a) => ({ lifecycle: 'suspended', ...cause(a, event, 'agent.suspended') }));
  consumePending(state, bodyOf<{ agentId: string }>(event).agentId);
};

const resumed: Evolver = (state, event) => {
  touch(state, event, () => ({ lifecycle: 'active' }));
  consumePending(state, bodyOf<{ agentId: string }>(event).agentId);
};

const deprovisioned: Evolver = (state, event) =>
  touch(state, event, (a) => ({ lifecycle: 'deprovisioned', ...cause(a, event, 'agent.deprovisioned') }));

export const agentEvolvers = {
  'agent.provisioned': provisioned,
  'agent.key_rotated': keyRotated,
  'agent.ownership_transferred': ownershipTransferred,
  'agent.model_changed': modelChanged,
  'agent.reviewed': reviewed,
  'agent.suspended': suspended,
  'agent.resumed': resumed,
  'agent.deprovisioned': deprovisioned,
};
