import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { Receipt } from '../../../application/ledger/ledger.port';
import { JsonScalar } from './json.scalar';

@ObjectType('Receipt', {
  description: 'Proof that a statement is in the log, checkable offline with the ledger key.',
})
export class ReceiptView {
  @Field({ description: 'Envelope hash, lowercase hex.' })
  envelopeHash!: string;

  @Field(() => Int, { description: 'Global position, which is the Merkle leaf index.' })
  leafIndex!: number;

  @Field()
  stream!: string;

  @Field(() => Int)
  revision!: number;

  @Field({ description: 'Event type recorded; differs from the statement type for decided requests.' })
  type!: string;

  @Field(() => JsonScalar, { nullable: true, description: 'What the ledger derived, if anything.' })
  result?: unknown;

  @Field({ description: 'The signed C2SP checkpoint of the batch that committed the event.' })
  checkpoint!: string;

  @Field(() => Int)
  treeSize!: number;

  @Field(() => [String], { description: 'RFC 9162 inclusion proof of leafIndex in treeSize, hex, leaf upwards.' })
  inclusionProof!: string[];

  @Field({ description: 'True when this (actor, nonce) was seen before: the original receipt.' })
  replayed!: boolean;
}

export function toReceiptView(receipt: Receipt, replayed: boolean): ReceiptView {
  return { ...receipt, inclusionProof: [...receipt.inclusionProof], replayed };
}
