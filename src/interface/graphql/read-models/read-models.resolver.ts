// The auditor queries (issue 6) over the read models: lookups, lists, lineage and
// agentsUnder, each with an optional asOf and atLeast. Any authenticated principal may
// call them; the read service refuses what lies outside the reader's scope.
import { Inject, Optional, UseGuards } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { Reader } from '../../../application/ledger/ledger.port';
import { READ_SERVICE } from '../../../application/projections/read-models';
import type { ReadService } from '../../../application/queries/read-service';
import { problem, type Result } from '../../../errors/problem';
import { CurrentReader, ReadableBy, ReadGuard } from '../../auth/read.guard';
import { ProblemsError, valueOrThrow } from '../../problems.error';
import {
  AgentConnection,
  AgentFilterInput,
  AgentRecord,
  AgentUnderConnection,
  AsOfInput,
  CredentialConnection,
  CredentialFilterInput,
  CredentialRecord,
  DecisionConnection,
  DecisionFilterInput,
  DecisionRecord,
  DelegationConnection,
  DelegationFilterInput,
  DelegationRecord,
  LineageOfInput,
  LineageView,
  PrincipalConnection,
  PrincipalFilterInput,
  PrincipalRecord,
} from './read-model.types';

const AS_OF = { type: () => AsOfInput, nullable: true, description: 'Answer as of a past position or time (default: the head).' } as const;
const AT_LEAST = { type: () => Int, nullable: true, description: 'Answer only once the read models applied this position (from a receipt); bounded wait, then read_model.behind.' } as const;
const FIRST = { type: () => Int, nullable: true, description: 'Page size (default 50, at most 1000).' } as const;
const AFTER = { type: () => String, nullable: true, description: 'The endCursor of the previous page.' } as const;

export abstract class ReadModelResolverBase {
  constructor(private readonly readService: ReadService | undefined) {}

  protected get service(): ReadService {
    if (this.readService === undefined) throw new ProblemsError([problem('read_model.unavailable', 'this service runs without read models')]);
    return this.readService;
  }

  protected async answer<T>(result: Promise<Result<T>>): Promise<T> {
    return valueOrThrow(await result);
  }
}

// Nullable fields: a refusal nulls only its own field.
@Resolver()
@UseGuards(ReadGuard)
@ReadableBy('scoped')
export class ReadModelsResolver extends ReadModelResolverBase {
  constructor(@Optional() @Inject(READ_SERVICE) service?: ReadService) {
    super(service);
  }

  @Query(() => LineageView, { nullable: true, description: 'The chain of authority from a decision, credential, delegation or agent to the human and the root entitlement.' })
  lineage(
    @CurrentReader() reader: Reader,
    @Args('of', { type: () => LineageOfInput }) of: LineageOfInput,
    @Args('asOf', AS_OF) asOf?: AsOfInput,
    @Args('atLeast', AT_LEAST) atLeast?: number,
  ) {
    return this.answer(this.service.lineage(reader, of, { asOf, atLeast }));
  }

  @Query(() => AgentUnderConnection, { nullable: true, description: "Every agent acting under a person's authority, directly or through subagents and delegations, with the paths." })
  agentsUnder(
    @CurrentReader() reader: Reader,
    @Args('human', { type: () => ID }) human: string,
    @Args('asOf', AS_OF) asOf?: AsOfInput,
    @Args('atLeast', AT_LEAST) atLeast?: number,
    @Args('first', FIRST) first?: number,
    @Args('after', AFTER) after?: string,
  ) {
    return this.answer(this.service.agentsUnder(reader, human, { asOf, atLeast }, { first, after }));
  }

  @Query(() => PrincipalRecord, { nullable: true })
  principal(@CurrentReader() reader: Reader, @Args('id', { type: () => ID }) id: string, @Args('asOf', AS_OF) asOf?: AsOfInput, @Args('atLeast', AT_LEAST) atLeast?: number) {
    return this.answer(this.service.principal(reader, id, { asOf, atLeast }));
  }

  @Query(() => AgentRecord, { nullable: true })
  agent(@CurrentReader() reader: Reader, @Args('id', { type: () => ID }) id: string, @Args('asOf', AS_OF) asOf?: AsOfInput, @Args('atLeast', AT_LEAST) atLeast?: number) {
    return this.answer(this.service.agent(reader, id, { asOf, atLeast }));
  }

  @Query(() => DelegationRecord, { nullable: true })
  delegation(@CurrentReader() reader: Reader, @Args('id', { type: () => ID }) id: string, @Args('asOf', AS_OF) asOf?: AsOfInput, @Args('atLeast', AT_LEAST) atLeast?: number) {
    return this.answer(this.service.delegation(reader, id, { asOf, atLeast }));
  }

  @Query(() => CredentialRecord, { nullable: true })
  credential(@CurrentReader() reader: Reader, @Args('id', { type: () => ID }) id: string, @Args('asOf', AS_OF) asOf?: AsOfInput, @Args('atLeast', AT_LEAST) atLeast?: number) {
    return this.answer(this.service.credential(reader, id, { asOf, atLeast }));
  }

  @Query(() => DecisionRecord, { nullable: true, description: 'A recorded decision by its leaf index.' })
  decision(@CurrentReader() reader: Reader, @Args('leafIndex', { type: () => Int }) leafIndex: number, @Args('asOf', AS_OF) asOf?: AsOfInput, @Args('atLeast', AT_LEAST) atLeast?: number) {
    return this.answer(this.service.decision(reader, leafIndex, { asOf, atLeast }));
  }

  @Query(() => PrincipalConnection, { nullable: true, description: 'Principals by id. Outside admin/auditor: filter registeredBy yourself.' })
  principals(
    @CurrentReader() reader: Reader,
    @Args('filter', { type: () => PrincipalFilterInput, nullable: true }) filter?: PrincipalFilterInput,
    @Args('asOf', AS_OF) asOf?: AsOfInput,
    @Args('atLeast', AT_LEAST) atLeast?: number,
    @Args('first', FIRST) first?: number,
    @Args('after', AFTER) after?: string,
  ) {
    return this.answer(this.service.principals(reader, filter ?? {}, { asOf, atLeast }, { first, after }));
  }

  @Query(() => AgentConnection, { nullable: true, description: 'Agents by id. Outside admin/auditor: filter by an owner, parent or broker in your scope.' })
  agents(
    @CurrentReader() reader: Reader,
    @Args('filter', { type: () => AgentFilterInput, nullable: true }) filter?: AgentFilterInput,
    @Args('asOf', AS_OF) asOf?: AsOfInput,
    @Args('atLeast', AT_LEAST) atLeast?: number,
    @Args('first', FIRST) first?: number,
    @Args('after', AFTER) after?: string,
  ) {
    return this.answer(this.service.agents(reader, filter ?? {}, { asOf, atLeast }, { first, after }));
  }

  @Query(() => DelegationConnection, { nullable: true, description: 'Delegations by id. Outside admin/auditor: filter by a human or agent in your scope.' })
  delegations(
    @CurrentReader() reader: Reader,
    @Args('filter', { type: () => DelegationFilterInput, nullable: true }) filter?: DelegationFilterInput,
    @Args('asOf', AS_OF) asOf?: AsOfInput,
    @Args('atLeast', AT_LEAST) atLeast?: number,
    @Args('first', FIRST) first?: number,
    @Args('after', AFTER) after?: string,
  ) {
    return this.answer(this.service.delegations(reader, filter ?? {}, { asOf, atLeast }, { first, after }));
  }

  @Query(() => CredentialConnection, { nullable: true, description: 'Credentials by id. Outside admin/auditor: filter by an agent or delegation in your scope.' })
  credentials(
    @CurrentReader() reader: Reader,
    @Args('filter', { type: () => CredentialFilterInput, nullable: true }) filter?: CredentialFilterInput,
    @Args('asOf', AS_OF) asOf?: AsOfInput,
    @Args('atLeast', AT_LEAST) atLeast?: number,
    @Args('first', FIRST) first?: number,
    @Args('after', AFTER) after?: string,
  ) {
    return this.answer(this.service.credentials(reader, filter ?? {}, { asOf, atLeast }, { first, after }));
  }

  @Query(() => DecisionConnection, { nullable: true, description: 'Decisions by leaf index. Outside admin/auditor: filter by an agent or human in your scope.' })
  decisions(
    @CurrentReader() reader: Reader,
    @Args('filter', { type: () => DecisionFilterInput, nullable: true }) filter?: DecisionFilterInput,
    @Args('asOf', AS_OF) asOf?: AsOfInput,
    @Args('atLeast', AT_LEAST) atLeast?: number,
    @Args('first', FIRST) first?: number,
    @Args('after', AFTER) after?: string,
  ) {
    return this.answer(this.service.decisions(reader, filter ?? {}, { asOf, atLeast }, { first, after }));
  }
}
