// The auditors' inventories. Admins and auditors see the whole ledger; anyone else must
// name `owner`: a human in their scope.
import { Inject, Optional, UseGuards } from '@nestjs/common';
import { Args, Float, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { Reader } from '../../../application/ledger/ledger.port';
import { READ_SERVICE } from '../../../application/projections/read-models';
import type { ReadService } from '../../../application/queries/read-service';
import { CurrentReader, ReadableBy, ReadGuard } from '../../auth/read.guard';
import { checkArguments } from '../argument-checks';
import { problem } from '../../../errors/problem';
import { ReadModelResolverBase } from './read-models.resolver';
import { AgentConnection, AnomalyConnection, AsOfInput, DormantConnection, OverScopedConnection, UnreviewedConnection, WindowConnection } from './read-model.types';

const AS_OF = { type: () => AsOfInput, nullable: true, description: 'As of a past position or time (default: the head, now).' } as const;
const AT_LEAST = { type: () => Int, nullable: true } as const;
const FIRST = { type: () => Int, nullable: true } as const;
const AFTER = { type: () => String, nullable: true } as const;
const OWNER = { type: () => ID, nullable: true, description: 'Only what lies under this human (required outside admin/auditor).' } as const;

const positive = (name: string, v: number) => (Number.isFinite(v) && v > 0 && v <= 36_500 * 24 ? undefined : problem('input.invalid', `${name} must be a positive number`, name));

@Resolver()
@UseGuards(ReadGuard)
@ReadableBy('scoped')
export class InventoriesResolver extends ReadModelResolverBase {
  constructor(@Optional() @Inject(READ_SERVICE) service?: ReadService) {
    super(service);
  }

  @Query(() => AgentConnection, { nullable: true, description: 'Agents whose owner is deactivated and who were not transferred.' })
  orphaned(@CurrentReader() reader: Reader, @Args('owner', OWNER) owner?: string, @Args('asOf', AS_OF) asOf?: AsOfInput, @Args('atLeast', AT_LEAST) atLeast?: number, @Args('first', FIRST) first?: number, @Args('after', AFTER) after?: string) {
    return this.answer(this.service.orphaned(reader, owner ?? null, { asOf, atLeast }, { first, after }));
  }

  @Query(() => DormantConnection, { nullable: true, description: 'Live agents without a decision in the last `days`.' })
  dormant(@CurrentReader() reader: Reader, @Args('days', { type: () => Float }) days: number, @Args('owner', OWNER) owner?: string, @Args('asOf', AS_OF) asOf?: AsOfInput, @Args('atLeast', AT_LEAST) atLeast?: number, @Args('first', FIRST) first?: number, @Args('after', AFTER) after?: string) {
    checkArguments(positive('days', days));
    return this.answer(this.service.dormant(reader, days, owner ?? null, { asOf, atLeast }, { first, after }));
  }

  @Query(() => OverScopedConnection, { nullable: true, description: 'Live delegations with capabilities or actions no allowed decision used in the last `days`, naming the unused parts.' })
  overScoped(@CurrentReader() reader: Reader, @Args('days', { type: () => Float }) days: number, @Args('owner', OWNER) owner?: string, @Args('asOf', AS_OF) asOf?: AsOfInput, @Args('atLeast', AT_LEAST) atLeast?: number, @Args('first', FIRST) first?: number, @Args('after', AFTER) after?: string) {
    checkArguments(positive('days', days));
    return this.answer(this.service.overScoped(reader, days, owner ?? null, { asOf, atLeast }, { first, after }));
  }

  @Query(() => UnreviewedConnection, { nullable: true, description: 'Live agents never reviewed, not reviewed in `days`, or whose model changed since.' })
  unreviewed(@CurrentReader() reader: Reader, @Args('days', { type: () => Float }) days: number, @Args('owner', OWNER) owner?: string, @Args('asOf', AS_OF) asOf?: AsOfInput, @Args('atLeast', AT_LEAST) atLeast?: number, @Args('first', FIRST) first?: number, @Args('after', AFTER) after?: string) {
    checkArguments(positive('days', days));
    return this.answer(this.service.unreviewed(reader, days, owner ?? null, { asOf, atLeast }, { first, after }));
  }

  @Query(() => WindowConnection, { nullable: true, description: 'Live delegations and credentials whose window ends within `hours`.' })
  expiring(@CurrentReader() reader: Reader, @Args('hours', { type: () => Float }) hours: number, @Args('owner', OWNER) owner?: string, @Args('asOf', AS_OF) asOf?: AsOfInput, @Args('atLeast', AT_LEAST) atLeast?: number, @Args('first', FIRST) first?: number, @Args('after', AFTER) after?: string) {
    checkArguments(positive('hours', hours));
    return this.answer(this.service.expiring(reader, hours, owner ?? null, { asOf, atLeast }, { first, after }));
  }

  @Query(() => WindowConnection, { nullable: true, description: 'Live delegations and credentials with windows longer than the configured maximum (standing authority).' })
  standing(@CurrentReader() reader: Reader, @Args('owner', OWNER) owner?: string, @Args('asOf', AS_OF) asOf?: AsOfInput, @Args('atLeast', AT_LEAST) atLeast?: number, @Args('first', FIRST) first?: number, @Args('after', AFTER) after?: string) {
    return this.answer(this.service.standing(reader, owner ?? null, { asOf, atLeast }, { first, after }));
  }

  @Query(() => AnomalyConnection, { nullable: true, description: 'Anomalies of the behaviour rules, oldest first (docs/behaviour.md). Outside admin/auditor, name an agent or an owner in scope.' })
  anomalies(@CurrentReader() reader: Reader, @Args('agent', { type: () => ID, nullable: true }) agent?: string, @Args('owner', OWNER) owner?: string, @Args('since', { type: () => String, nullable: true, description: 'RFC 3339: only anomalies recorded at or after it.' }) since?: string, @Args('asOf', AS_OF) asOf?: AsOfInput, @Args('atLeast', AT_LEAST) atLeast?: number, @Args('first', FIRST) first?: number, @Args('after', AFTER) after?: string) {
    const sinceMs = since == null ? null : Date.parse(since);
    checkArguments(sinceMs !== null && !Number.isFinite(sinceMs) ? problem('input.invalid', 'since must be an RFC 3339 time', 'since') : undefined);
    return this.answer(this.service.anomalies(reader, { agent: agent ?? null, owner: owner ?? null, since: sinceMs }, { asOf, atLeast }, { first, after }));
  }
}
