// GraphQL shapes of the read models: records, lineage, inventories, Relay connections.
// Named *Record so they never collide with the mutation answers' types.
import type { Type } from '@nestjs/common';
import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { JsonScalar } from '../types/json.scalar';

@InputType('AsOf', { description: 'A past point: a global position (the state after that event) or an RFC 3339 time. Give one.' })
export class AsOfInput {
  @Field(() => Int, { nullable: true })
  position?: number | null;

  @Field({ nullable: true })
  time?: string;
}

@InputType('LineageOf', { description: 'Exactly one subject whose chain of authority to show.' })
export class LineageOfInput {
  @Field({ nullable: true, description: 'A decision by its request id (the latest with that id).' })
  decision?: string;

  @Field(() => Int, { nullable: true, description: 'A decision by its leaf index.' })
  decisionAt?: number;

  @Field(() => ID, { nullable: true })
  credential?: string;

  @Field(() => ID, { nullable: true })
  delegation?: string;

  @Field(() => ID, { nullable: true })
  agent?: string;
}

@ObjectType('PageInfo')
export class PageInfoView {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** A Relay connection type for `node`. */
export function connectionOf<T>(node: Type<T>, name: string): Type<unknown> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfoView)
    pageInfo!: PageInfoView;
  }
  return Connection;
}

@ObjectType({ isAbstract: true })
abstract class Versioned {
  @Field(() => Int, { description: 'Leaf index of the event that made this version (ask for its inclusion proof).' })
  leafIndex!: number;

  @Field({ description: 'Envelope hash of that event.' })
  eventHash!: string;
}

@ObjectType('PrincipalRecord')
export class PrincipalRecord extends Versioned {
  @Field(() => ID) id!: string;
  @Field() kind!: string;
  @Field() name!: string;
  @Field(() => [String]) roles!: string[];
  @Field() status!: string;
  @Field(() => String, { nullable: true }) registeredBy!: string | null;
  @Field() registeredAt!: string;
}

@ObjectType('AgentRecord')
export class AgentRecord extends Versioned {
  @Field(() => ID) id!: string;
  @Field() ownerId!: string;
  @Field(() => String, { nullable: true }) parentAgentId!: string | null;
  @Field(() => [String], { description: 'Agent ids from the top agent down to this one.' }) path!: string[];
  @Field() purpose!: string;
  @Field() modelName!: string;
  @Field() modelVersion!: string;
  @Field({ description: 'active, suspended, needs-review or deprovisioned.' }) status!: string;
  @Field() provisionedBy!: string;
  @Field() provisionedAt!: string;
  @Field(() => String, { nullable: true }) lastReviewedAt!: string | null;
  @Field(() => String, { nullable: true }) modelChangedAt!: string | null;
}

@ObjectType('DelegationRecord')
export class DelegationRecord extends Versioned {
  @Field(() => ID) id!: string;
  @Field() delegatorId!: string;
  @Field() delegateeId!: string;
  @Field(() => String, { nullable: true }) parentId!: string | null;
  @Field(() => String, { nullable: true }) entitlementId!: string | null;
  @Field() rootHumanId!: string;
  @Field(() => [String], { description: 'Delegation ids from the root down to this one.' }) path!: string[];
  @Field(() => JsonScalar) capabilities!: unknown;
  @Field() notBefore!: string;
  @Field() notAfter!: string;
  @Field(() => Int) depth!: number;
  @Field() purpose!: string;
  @Field({ description: 'active, revoked, expired or not_yet_valid at the point asked about.' }) status!: string;
  @Field() grantedAt!: string;
}

@ObjectType('CredentialRecord')
export class CredentialRecord extends Versioned {
  @Field(() => ID) id!: string;
  @Field() agentId!: string;
  @Field() delegationId!: string;
  @Field() taskId!: string;
  @Field(() => JsonScalar) capabilities!: unknown;
  @Field() boundKey!: string;
  @Field() issuedAt!: string;
  @Field() expiresAt!: string;
  @Field({ description: 'active, revoked or expired at the point asked about.' }) status!: string;
}

@ObjectType('DecisionRecord')
export class DecisionRecord {
  @Field(() => Int) leafIndex!: number;
  @Field() eventHash!: string;
  @Field() requestId!: string;
  @Field() agentId!: string;
  @Field(() => String, { nullable: true }) ownerId!: string | null;
  @Field(() => String, { nullable: true }) rootHumanId!: string | null;
  @Field() credentialId!: string;
  @Field(() => String, { nullable: true }) delegationId!: string | null;
  @Field() action!: string;
  @Field() resource!: string;
  @Field(() => Float, { nullable: true }) amount!: number | null;
  @Field({ description: 'allowed, denied or approval_required.' }) outcome!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field() recordedAt!: string;
  @Field(() => JsonScalar, { description: 'The hops as recorded, leaf first.' }) chain!: unknown;
  @Field(() => String, { nullable: true, description: 'The enforcer (a gateway with the enforcer role) that asked on the agent’s behalf through AuthZEN, whose signed request the record keeps; null when the agent asked itself.' })
  enforcer!: string | null;
}

@ObjectType('LineageLink')
export class LineageLinkView {
  @Field({ description: 'credential, agent, delegation, principal or entitlement.' }) kind!: string;
  @Field() id!: string;
  @Field({ description: 'Its status at that point; `missing` if it did not exist.' }) status!: string;
  @Field(() => String, { nullable: true, description: 'The delegatee, the credential agent, the agent owner or the entitlement holder.' }) holderId!: string | null;
  @Field(() => String, { nullable: true }) notBefore!: string | null;
  @Field(() => String, { nullable: true }) notAfter!: string | null;
  @Field(() => JsonScalar, { nullable: true }) capabilities!: unknown;
  @Field(() => String, { nullable: true }) eventHash!: string | null;
  @Field(() => Int, { nullable: true }) leafIndex!: number | null;
}

@ObjectType('LineageChain')
export class LineageChainView {
  @Field(() => [LineageLinkView], { description: 'Leaf first, up to the human and the root entitlement.' }) links!: LineageLinkView[];
}

@ObjectType('Lineage')
export class LineageView {
  @Field(() => Int, { description: 'The position the links were read at (for a decision: the state it relied on).' }) position!: number;
  @Field(() => [LineageChainView]) chains!: LineageChainView[];
}

@ObjectType('AgentUnder')
export class AgentUnderView {
  @Field(() => AgentRecord) agent!: AgentRecord;
  @Field(() => [[String]], { description: 'Each path from the human down to the agent (ownership, delegations).' }) paths!: string[][];
}

@ObjectType('DormantAgent')
export class DormantAgentView {
  @Field(() => AgentRecord) agent!: AgentRecord;
  @Field(() => String, { nullable: true }) lastDecisionAt!: string | null;
}

@ObjectType('UnreviewedAgent')
export class UnreviewedAgentView {
  @Field(() => AgentRecord) agent!: AgentRecord;
  @Field({ description: 'never, stale or model_changed.' }) reason!: string;
}

@ObjectType('UnusedCapability')
export class UnusedCapabilityView {
  @Field(() => Int) index!: number;
  @Field() resource!: string;
  @Field({ description: 'True when nothing was done under this capability in the window.' }) unused!: boolean;
  @Field(() => [String]) unusedActions!: string[];
  @Field(() => [String]) usedActions!: string[];
}

@ObjectType('OverScopedDelegation')
export class OverScopedView {
  @Field(() => DelegationRecord) delegation!: DelegationRecord;
  @Field(() => [UnusedCapabilityView]) capabilities!: UnusedCapabilityView[];
}

@ObjectType('AuthorityWindow')
export class WindowView {
  @Field({ description: 'delegation or credential.' }) kind!: string;
  @Field() id!: string;
  @Field() holderId!: string;
  @Field() startsAt!: string;
  @Field() endsAt!: string;
}

@ObjectType('Anomaly', { description: 'A behaviour rule that fired on a recorded decision (docs/behaviour.md): the rule, what was observed, the baseline and the decisions it rests on.' })
export class AnomalyRecord {
  @Field(() => Int, { description: 'Leaf index of the decision that made the rule fire.' }) position!: number;
  @Field(() => ID) agentId!: string;
  @Field(() => String, { nullable: true, description: 'The agent’s owner when it fired.' }) ownerId!: string | null;
  @Field({ description: 'rate.spike, denial.spike, resource.first_use, hours.unusual, chain.deep or credential.new_rate.' }) rule!: string;
  @Field({ description: 'low, medium or high.' }) severity!: string;
  @Field(() => Float, { description: 'The observed value (decisions this hour, chain depth, hour of day, ...).' }) value!: number;
  @Field(() => Float, { description: 'The agent’s own baseline for the same measure.' }) baseline!: number;
  @Field(() => Float, { description: 'The value at which the rule fires.' }) threshold!: number;
  @Field(() => String, { nullable: true, description: 'An action and resource pattern, or a credential, when the rule is about one.' }) subject!: string | null;
  @Field(() => [Int], { description: 'Leaf indexes of the decisions it rests on.' }) positions!: number[];
  @Field() recordedAt!: string;
}

export const AnomalyConnection = connectionOf(AnomalyRecord, 'Anomaly');
export const PrincipalConnection = connectionOf(PrincipalRecord, 'Principal');
export const AgentConnection = connectionOf(AgentRecord, 'Agent');
export const DelegationConnection = connectionOf(DelegationRecord, 'Delegation');
export const CredentialConnection = connectionOf(CredentialRecord, 'Credential');
export const DecisionConnection = connectionOf(DecisionRecord, 'DecisionRecord');
export const AgentUnderConnection = connectionOf(AgentUnderView, 'AgentUnder');
export const DormantConnection = connectionOf(DormantAgentView, 'DormantAgent');
export const UnreviewedConnection = connectionOf(UnreviewedAgentView, 'UnreviewedAgent');
export const OverScopedConnection = connectionOf(OverScopedView, 'OverScopedDelegation');
export const WindowConnection = connectionOf(WindowView, 'AuthorityWindow');

@InputType('PrincipalFilter')
export class PrincipalFilterInput {
  @Field({ nullable: true }) kind?: string;
  @Field({ nullable: true }) role?: string;
  @Field({ nullable: true }) status?: string;
  @Field(() => ID, { nullable: true }) registeredBy?: string;
}

@InputType('AgentFilter')
export class AgentFilterInput {
  @Field(() => ID, { nullable: true }) owner?: string;
  @Field(() => ID, { nullable: true }) provisionedBy?: string;
  @Field(() => ID, { nullable: true }) parent?: string;
  @Field({ nullable: true }) status?: string;
}

@InputType('DelegationFilter')
export class DelegationFilterInput {
  @Field(() => ID, { nullable: true }) delegatee?: string;
  @Field(() => ID, { nullable: true }) delegator?: string;
  @Field(() => ID, { nullable: true }) rootHuman?: string;
  @Field({ nullable: true, description: 'active or revoked (as recorded).' }) status?: string;
}

@InputType('CredentialFilter')
export class CredentialFilterInput {
  @Field(() => ID, { nullable: true }) agent?: string;
  @Field(() => ID, { nullable: true }) delegation?: string;
  @Field({ nullable: true }) status?: string;
}

@InputType('DecisionFilter')
export class DecisionFilterInput {
  @Field(() => ID, { nullable: true }) agent?: string;
  @Field(() => ID, { nullable: true, description: "The agent's owner when the decision was made." }) human?: string;
  @Field({ nullable: true }) outcome?: string;
  @Field({ nullable: true }) requestId?: string;
  @Field(() => ID, { nullable: true, description: 'The leaf delegation of the chain.' }) delegation?: string;
}
