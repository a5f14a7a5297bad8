import { Field, Int, ObjectType } from '@nestjs/graphql';

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

  @Field({ description: 'The canonical envelope JSON exactly as stored, so clients can re-hash it.' })
  envelope!: string;
}
