// Authenticated reads of the raw log: one event by global position, or a stream's run.
import { Inject, UseGuards } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { LEDGER_PORT, type LedgerPort, type RecordedEnvelope } from '../../application/ledger/ledger.port';
import { ReadableBy, ReadGuard } from '../auth/read.guard';
import { checkArguments, intArgumentProblem, lengthArgumentProblem } from './argument-checks';
import { ReceiptView, toReceiptView } from './types/receipt.type';
import { RecordedEventView } from './types/recorded-event.type';

/** Bounds one page of a stream; the cost rule counts a query by its `limit`. */
export const MAX_STREAM_PAGE = 1000;
const MAX_STREAM_NAME = 512;

// Nullable fields: a refusal (authentication included) nulls only its own field.
@Resolver()
@UseGuards(ReadGuard)
@ReadableBy('admin', 'auditor')
export class EventsResolver {
  constructor(@Inject(LEDGER_PORT) private readonly ledger: LedgerPort) {}

  @Query(() => RecordedEventView, { nullable: true, description: 'The event at a global position. Admins and auditors.' })
  async event(@Args('position', { type: () => Int }) position: number): Promise<RecordedEnvelope | null> {
    checkArguments(intArgumentProblem('position', position, { min: 0 }));
    return (await this.ledger.eventAt(position)) ?? null;
  }

  @Query(() => ReceiptView, {
    nullable: true,
    description: 'The receipt of the event at a global position, against the latest checkpoint (checkable offline like a submit receipt). Admins and auditors.',
  })
  async receipt(@Args('position', { type: () => Int }) position: number): Promise<ReceiptView | null> {
    checkArguments(intArgumentProblem('position', position, { min: 0 }));
    const receipt = await this.ledger.receiptAt(position);
    return receipt === undefined ? null : toReceiptView(receipt, false);
  }

  @Query(() => [RecordedEventView], { nullable: true, description: "A page of a stream's events, by revision. Admins and auditors." })
  async stream(
    @Args('name') name: string,
    @Args('fromRevision', { type: () => Int, defaultValue: 0 }) fromRevision: number,
    @Args('limit', { type: () => Int, defaultValue: 100 }) limit: number,
  ): Promise<readonly RecordedEnvelope[]> {
    checkArguments(
      lengthArgumentProblem('name', name, { min: 1, max: MAX_STREAM_NAME }),
      intArgumentProblem('fromRevision', fromRevision, { min: 0 }),
      intArgumentProblem('limit', limit, { min: 1, max: MAX_STREAM_PAGE }),
    );
    return this.ledger.readStream(name, fromRevision, limit);
  }
}
