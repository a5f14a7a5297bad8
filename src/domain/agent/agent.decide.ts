// Rules for agent-<id> streams: provisioning, keys, ownership, model, review and the
// kill switch. Owner or admin controls an agent; only the owner reviews (invariant 9).
import { err, ok, problem, type Result } from '../../errors/problem';
import { hasRole, isAdmin, isLedger, notAuthorized, type Actor } from '../authority/actor';
import { suspensionProblem } from '../behaviour/containment';
import { streams } from '../catalogue';
import type { NewEvent } from '../shared/events';
import { handler, type DecideContext } from '../shared/handler';
import type { AgentState } from '../state/aggregates';
import type { LedgerView } from '../state/view';
import {
  parseAgentKeyRotated,
  parseAgentNote,
  parseAgentProvisioned,
  parseAgentSuspended,
  parseModelChanged,
  parseOwnershipTransferred,
  type AgentKeyRotatedBody,
  type AgentNoteBody,
  type AgentProvisionedBody,
  type AgentSuspendedBody,
  type ModelChangedBody,
  type OwnershipTransferredBody,
} from './agent.bodies';
import { activeHuman, agentStatusProblem, isOwnerOrAdmin, liveTarget, targetAgent } from './agent.rules';

const unchanged = (message: string, path = 'body.agentId') => err(problem('state.unchanged', message, path));
const accept = (type: NewEvent['type'], agentId: string): Result<NewEvent> => ok({ stream: streams.agent(agentId), type });

/** Admins and brokers provision for any human, a human for themselves, an agent its own subagents. */
function mayProvision(actor: Actor, body: AgentProvisionedBody): boolean {
  if (hasRole(actor, 'admin') || hasRole(actor, 'broker')) return true;
  if (actor.kind === 'human') return actor.id === body.ownerId;
  return actor.kind === 'agent' && body.parentAgentId === actor.id;
}

function decideProvisioned(ctx: DecideContext<AgentProvisionedBody>): Result<NewEvent> {
  const { view, body } = ctx;
  if (!mayProvision(ctx.actor, body)) {
    return notAuthorized('admins and brokers provision agents for humans, humans for themselves, agents their subagents');
  }
  if (view.agent(body.agentId) !== undefined || view.principal(body.agentId) !== undefined) {
    return err(problem('agent.already_exists', `id ${body.agentId} is taken`, 'body.agentId'));
  }
  const owner = activeHuman(view, body.ownerId, 'body.ownerId');
  if (!owner.ok) return owner;
  if (body.parentAgentId !== undefined) {
    const parent = parentProblem(view, body.parentAgentId, body.ownerId);
    if (!parent.ok) return parent;
  }
  return accept('agent.provisioned', body.agentId);
}

function parentProblem(view: LedgerView, parentId: string, ownerId: string): Result<AgentState> {
  const parent = targetAgent(view, parentId, 'body.parentAgentId');
  if (!parent.ok) return parent;
  const status = agentStatusProblem(parent.value, 'body.parentAgentId');
  if (status !== undefined) return err(status);
  if (parent.value.ownerId !== ownerId) {
    return err(problem('agent.owner_mismatch', 'a subagent has the same owner as its parent', 'body.ownerId', { parentOwnerId: parent.value.ownerId }));
  }
  return parent;
}

/** Signed with the agent's old key, or by an admin recovering a lost key. */
function decideKeyRotated(ctx: DecideContext<AgentKeyRotatedBody>): Result<NewEvent> {
  if (ctx.actor.id !== ctx.body.agentId && !isAdmin(ctx.view, ctx.actor.id)) {
    return notAuthorized('an agent key is rotated by the agent (old key) or by an admin');
  }
  const agent = liveTarget(ctx.view, ctx.body.agentId);
  if (!agent.ok) return agent;
  if (agent.value.key.encoded === ctx.body.publicKey) return unchanged('that is already the current key', 'body.publicKey');
  return accept('agent.key_rotated', ctx.body.agentId);
}

function decideOwnershipTransferred(ctx: DecideContext<OwnershipTransferredBody>): Result<NewEvent> {
  const agent = liveTarget(ctx.view, ctx.body.agentId);
  if (!agent.ok) return agent;
  if (!isOwnerOrAdmin(ctx.view, ctx.actor, agent.value)) return notAuthorized('the current owner or an admin transfers ownership');
  const owner = activeHuman(ctx.view, ctx.body.newOwnerId, 'body.newOwnerId');
  if (!owner.ok) return owner;
  if (agent.value.ownerId === ctx.body.newOwnerId) return unchanged('already the owner', 'body.newOwnerId');
  return accept('agent.ownership_transferred', ctx.body.agentId);
}

/** The owner, an admin or the agent itself reports a model change; it then needs review. */
function decideModelChanged(ctx: DecideContext<ModelChangedBody>): Result<NewEvent> {
  const agent = liveTarget(ctx.view, ctx.body.agentId);
  if (!agent.ok) return agent;
  if (ctx.actor.id !== ctx.body.agentId && !isOwnerOrAdmin(ctx.view, ctx.actor, agent.value)) {
    return notAuthorized('the owner, an admin or the agent itself reports a model change');
  }
  const { name, version } = agent.value.model;
  if (name === ctx.body.model.name && version === ctx.body.model.version) return unchanged('the model is unchanged', 'body.model');
  return accept('agent.model_changed', ctx.body.agentId);
}

/** Only the accountable owner attests that the agent's authority is still right. */
function decideReviewed(ctx: DecideContext<AgentNoteBody>): Result<NewEvent> {
  const agent = liveTarget(ctx.view, ctx.body.agentId);
  if (!agent.ok) return agent;
  if (ctx.actor.id !== agent.value.ownerId) return notAuthorized('only the owner reviews an agent');
  return accept('agent.reviewed', ctx.body.agentId);
}

/** The owner or an admin; the ledger only for an anomaly its containment policy justifies. */
function decideSuspended(ctx: DecideContext<AgentSuspendedBody>): Result<NewEvent> {
  const agent = liveTarget(ctx.view, ctx.body.agentId);
  if (!agent.ok) return agent;
  const automatic = ctx.body.anomaly !== undefined || isLedger(ctx.view, ctx.actor.id);
  if (automatic) {
    const unjustified = suspensionProblem(ctx.view, ctx.actor, ctx.body.agentId, ctx.body.anomaly);
    if (unjustified !== undefined) return unjustified;
  } else if (!isOwnerOrAdmin(ctx.view, ctx.actor, agent.value)) return notAuthorized('the owner or an admin suspends an agent');
  if (agent.value.lifecycle === 'suspended') return unchanged('already suspended');
  return accept('agent.suspended', ctx.body.agentId);
}

function decideResumed(ctx: DecideContext<AgentNoteBody>): Result<NewEvent> {
  const agent = liveTarget(ctx.view, ctx.body.agentId);
  if (!agent.ok) return agent;
  if (!isOwnerOrAdmin(ctx.view, ctx.actor, agent.value)) return notAuthorized('the owner or an admin resumes an agent');
  if (agent.value.lifecycle !== 'suspended') return unchanged('the agent is not suspended');
  return accept('agent.resumed', ctx.body.agentId);
}

function decideDeprovisioned(ctx: DecideContext<AgentNoteBody>): Result<NewEvent> {
  const agent = targetAgent(ctx.view, ctx.body.agentId);
  if (!agent.ok) return agent;
  if (!isOwnerOrAdmin(ctx.view, ctx.actor, agent.value)) return notAuthorized('the owner or an admin deprovisions an agent');
  if (agent.value.lifecycle === 'deprovisioned') return unchanged('already deprovisioned');
  return accept('agent.deprovisioned', ctx.body.agentId);
}

export const agentHandlers = {
  'agent.provisioned': handler({ parse: parseAgentProvisioned, decide: decideProvisioned }),
  'agent.key_rotated': handler({ parse: parseAgentKeyRotated, decide: decideKeyRotated }),
  'agent.ownership_transferred': handler({ parse: parseOwnershipTransferred, decide: decideOwnershipTransferred }),
  'agent.model_changed': handler({ parse: parseModelChanged, decide: decideModelChanged }),
  'agent.reviewed': handler({ parse: parseAgentNote, decide: decideReviewed }),
  'agent.suspended': handler({ parse: parseAgentSuspended, decide: decideSuspended }),
  'agent.resumed': handler({ parse: parseAgentNote, decide: decideResumed }),
  'agent.deprovisioned': handler({ parse: parseAgentNote, decide: decideDeprovisioned }),
};
