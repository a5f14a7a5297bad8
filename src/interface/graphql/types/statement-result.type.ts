import { Field, ObjectType } from '@nestjs/graphql';
import { ProblemView } from './problem.type';
import { ReceiptView } from './receipt.type';

@ObjectType('StatementResult', { description: "One statement's outcome in a batch." })
export class StatementResultView {
  @Field(() => ReceiptView, { nullable: true, description: 'Null when the statement was refused.' })
  receipt!: ReceiptView | null;

  @Field()
  replayed!: boolean;

  @Field(() => [ProblemView], { description: 'Why the statement was refused; empty when it was accepted.' })
  errors!: ProblemView[];
}
