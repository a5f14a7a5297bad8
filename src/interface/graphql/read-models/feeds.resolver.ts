// Live feeds over graphql-ws: every event, or every decision, after a position, then as
// committed; filterable by agent, human, type and outcome. The subscription is
// authenticated with the same read JWT, sent in the connection_init payload as
// `{ authorization: "Bearer <jwt>" }` (or `{ token: "<jwt>" }`). A feed lasts while that
// token would still be accepted and its reader may still read it: it ends with the
// refusal's code (auth.inactive_principal, auth.forbidden, auth.invalid_token) when the
// reader is deactivated, loses its role or scope, rotates its key, or the token's window
// ends; resubscribe with a fresh token and `after` = the last position received.
import { Inject, Optional } from '@nestjs/common';
import { Args, Context, Field, ID, InputType, Int, ObjectType, Resolver, Subscription } from '@nestjs/graphql';
import { READ_SERVICE } from '../../../application/projections/read-models';
import type { ReadService } from '../../../application/queries/read-service';
import { decisionView } from '../../../application/queries/views';
import type { DecisionRow, EventRow } from '../../../application/projections/rows';
import { formatInstant } from '../../../domain';
import { ReadTokenVerifier } from '../../auth/read-token.verifier';
import { GraphQLError } from 'graphql';
import type { Problem, Result } from '../../../errors/problem';
import { FeedEnded } from '../../../application/queries/feeds';
import { ReadModelResolverBase } from './read-models.resolver';
import { AnomalyRecord, DecisionRecord } from './read-model.types';
import { anomalyView } from '../../../application/queries/anomalies';
import type { AnomalyRow } from '../../../application/projections/behaviour-rows';

@InputType('FeedFilter')
export class FeedFilterInput {
  @Field(() => ID, { nullable: true }) agent?: string;
  @Field(() => ID, { nullable: true, description: 'The human the event is under (agent owner, root of the chain, the principal itself).' }) human?: string;
  @Field(() => [String], { nullable: true, description: 'Event types, e.g. action.denied.' }) types?: string[];
  @Field({ nullable: true, description: 'allowed, denied or approval_required.' }) outcome?: string;
}

@ObjectType('FeedEvent')
export class FeedEventView {
  @Field(() => Int, { description: 'Global position: resume with after = the last one received.' }) position!: number;
  @Field() type!: string;
  @Field() stream!: string;
  @Field() actor!: string;
  @Field(() => String, { nullable: true }) agentId!: string | null;
  @Field(() => String, { nullable: true }) humanId!: string | null;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field() recordedAt!: string;
  @Field() hash!: string;
}

interface SubscriptionContext {
  readonly _connectionInit?: { authorization?: unknown; Authorization?: unknown; token?: unknown } | null;
}

const feedView = (e: EventRow): FeedEventView => ({
  position: e.position, type: e.type, stream: e.stream, actor: e.actor, agentId: e.agent_id, humanId: e.human_id, outcome: e.outcome,
  recordedAt: formatInstant(e.recorded_at), hash: e.hash,
});

const AFTER = { type: () => Int, nullable: true, description: 'The last position already received (-1: from the start); default: only new events.' } as const;

@Resolver()
export class FeedsResolver extends ReadModelResolverBase {
  constructor(
    private readonly verifier: ReadTokenVerifier,
    @Optional() @Inject(READ_SERVICE) service?: ReadService,
  ) {
    super(service);
  }

  @Subscription(() => FeedEventView, { description: 'The live event feed.', resolve: (row: EventRow) => feedView(row) })
  async eventFeed(@Context() context: SubscriptionContext, @Args('after', AFTER) after?: number, @Args('filter', { type: () => FeedFilterInput, nullable: true }) filter?: FeedFilterInput) {
    return this.open(context, 'events', filter, after);
  }

  @Subscription(() => DecisionRecord, { description: 'The live decision feed.', resolve: (row: DecisionRow) => decisionView(row) })
  async decisionFeed(@Context() context: SubscriptionContext, @Args('after', AFTER) after?: number, @Args('filter', { type: () => FeedFilterInput, nullable: true }) filter?: FeedFilterInput) {
    return this.open(context, 'decisions', filter, after);
  }

  @Subscription(() => AnomalyRecord, { description: 'The live anomaly feed (filter by agent or human; types and outcome do not apply).', resolve: (row: AnomalyRow) => anomalyView(row) })
  async anomalyFeed(@Context() context: SubscriptionContext, @Args('after', AFTER) after?: number, @Args('filter', { type: () => FeedFilterInput, nullable: true }) filter?: FeedFilterInput) {
    return this.open(context, 'anomalies', filter, after);
  }

  private async open(context: SubscriptionContext, kind: 'events' | 'decisions' | 'anomalies', filter: FeedFilterInput | undefined, after: number | undefined) {
    const init = context._connectionInit ?? {};
    const header = init.authorization ?? init.Authorization ?? (typeof init.token === 'string' ? `Bearer ${init.token}` : undefined);
    const session = refusedAsGraphQL(await this.verifier.session(typeof header === 'string' ? header : undefined));
    return endsAsGraphQL(refusedAsGraphQL(this.service.feed(session, kind, filter ?? {}, after)));
  }
}

// Subscription errors leave through graphql-ws without the HTTP error formatter, so the
// refusal carries its code, path and details in the error's own extensions.
function refusedAsGraphQL<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw graphQLErrorOf(result.problems);
}

function graphQLErrorOf([first, ...rest]: readonly [Problem, ...Problem[]]): GraphQLError {
  return new GraphQLError(first.message, { extensions: { code: first.code, path: first.path, details: first.details, problems: [first, ...rest] } });
}

/** A feed that ends because its reader lost the right to it ends with that refusal's code. */
function endsAsGraphQL<T>(feed: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    next: () => feed.next().catch((error: unknown) => {
      throw error instanceof FeedEnded ? graphQLErrorOf([error.problem]) : error;
    }),
    return: (value?: unknown) => feed.return!(value),
    throw: (error?: unknown) => feed.throw!(error),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
