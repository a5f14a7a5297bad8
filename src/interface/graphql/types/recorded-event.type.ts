import { Field, Int, ObjectType } from '@nestjs/graphql';

export const ENVELOPE_COST = 10;

@ObjectType('RecordedEvent', { description: 'A stored envelope at its global position.' })
export class RecordedEventView {
  @Field(() => Int, { description: 'Global position, which is the Merkle leaf index.' })
  position!: number;

  @Field()
  stream!: string;

  @Field(() => Int)
  revision!: number;

  @Field()
  type!: string;

  @Field({ description: 'Envelope hash, lowercase hex.' })
  hash!: string;

  // Up to a whole signed statement (64 KiB) each: the cost rule counts it as ten fields,
  // so one full page of a stream fits in a query and two do not.
  @Field({ description: 'The canonical envelope JSON exactly as stored, so clients can re-hash it.', complexity: ENVELOPE_COST })
  envelope!: string;
}
