import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Checkpoint', { description: 'A signed tree head (C2SP tlog-checkpoint in a signed note).' })
export class CheckpointView {
  @Field({ description: 'The whole signed note, as served at GET /checkpoint.' })
  note!: string;

  @Field()
  origin!: string;

  @Field(() => Int)
  treeSize!: number;

  @Field({ description: 'Merkle root, lowercase hex.' })
  rootHash!: string;
}

@ObjectType('InclusionProof', { description: 'RFC 9162 inclusion proof, hex, leaf upwards.' })
export class InclusionProofView {
  @Field(() => Int)
  leafIndex!: number;

  @Field(() => Int)
  treeSize!: number;

  @Field()
  rootHash!: string;

  @Field(() => [String])
  proof!: string[];
}

@ObjectType('ConsistencyProof', { description: 'RFC 9162 consistency proof between two tree sizes, hex.' })
export class ConsistencyProofView {
  @Field(() => Int)
  fromSize!: number;

  @Field(() => Int)
  toSize!: number;

  @Field()
  fromRoot!: string;

  @Field()
  toRoot!: string;

  @Field(() => [String])
  proof!: string[];
}
