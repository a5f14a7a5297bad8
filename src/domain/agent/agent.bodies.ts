// Bodies of statements about agents (agent-<id> streams).
import type { Problem, Result } from '../../errors/problem';
import { finish, has, id, optionalId, optionalText, publicKey, readObject, text, withoutUndefined, type Fields } from '../shared/body-reader';
import { readAnomalyCause, type AnomalyCause } from '../behaviour/containment';
import type { AgentModel } from '../state/aggregates';

export interface AgentProvisionedBody {
  readonly agentId: string;
  /** The accountable human (invariant 7). */
  readonly ownerId: string;
  readonly publicKey: string;
  readonly purpose: string;
  readonly model: AgentModel;
  /** Set for a subagent; it must have the same owner as its parent. */
  readonly parentAgentId?: string;
}

export interface AgentKeyRotatedBody {
  readonly agentId: string;
  readonly publicKey: string;
}

export interface OwnershipTransferredBody {
  readonly agentId: string;
  readonly newOwnerId: string;
}

export interface ModelChangedBody {
  readonly agentId: string;
  readonly model: AgentModel;
}

/** Reviewed, suspended, resumed, deprovisioned: the agent and an optional note. */
export interface AgentNoteBody {
  readonly agentId: string;
  readonly reason?: string;
}

/** A suspension; the ledger's automatic one names the anomaly it is for (behaviour/containment.ts). */
export interface AgentSuspendedBody extends AgentNoteBody {
  readonly anomaly?: AnomalyCause;
}

function model(f: Fields): AgentModel {
  const m = readObject(f.obj.model, 'body.model', f.problems, ['name', 'version']);
  return { name: text(m, 'name', 200), version: text(m, 'version', 200) };
}

export function parseAgentProvisioned(body: unknown): Result<AgentProvisionedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['agentId', 'ownerId', 'publicKey', 'purpose', 'model', 'parentAgentId']);
  const value = {
    agentId: id(f, 'agentId'),
    ownerId: id(f, 'ownerId'),
    publicKey: publicKey(f, 'publicKey'),
    purpose: text(f, 'purpose'),
    model: model(f),
    parentAgentId: optionalId(f, 'parentAgentId'),
  };
  return finish(problems, () => withoutUndefined(value));
}

export function parseAgentKeyRotated(body: unknown): Result<AgentKeyRotatedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['agentId', 'publicKey']);
  const value = { agentId: id(f, 'agentId'), publicKey: publicKey(f, 'publicKey') };
  return finish(problems, () => value);
}

export function parseOwnershipTransferred(body: unknown): Result<OwnershipTransferredBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['agentId', 'newOwnerId']);
  const value = { agentId: id(f, 'agentId'), newOwnerId: id(f, 'newOwnerId') };
  return finish(problems, () => value);
}

export function parseModelChanged(body: unknown): Result<ModelChangedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['agentId', 'model']);
  const value = { agentId: id(f, 'agentId'), model: model(f) };
  return finish(problems, () => value);
}

export function parseAgentNote(body: unknown): Result<AgentNoteBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['agentId', 'reason']);
  const value = { agentId: id(f, 'agentId'), reason: optionalText(f, 'reason') };
  return finish(problems, () => withoutUndefined(value));
}

export function parseAgentSuspended(body: unknown): Result<AgentSuspendedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['agentId', 'reason', 'anomaly']);
  const value = {
    agentId: id(f, 'agentId'),
    reason: optionalText(f, 'reason'),
    anomaly: has(f, 'anomaly') ? readAnomalyCause(f.obj.anomaly, 'body.anomaly', problems) : undefined,
  };
  return finish(problems, () => withoutUndefined(value));
}
