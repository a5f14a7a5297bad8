import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { SubmitStatements } from '../../application/statements/submit-statement.command';
import type { SignedStatement } from '../../integrity/statement';
import { checkArguments } from './argument-checks';
import { batchSizeProblem, checkBatch, MAX_BATCH, mergeBatch } from './batch';
import { toStatementResult } from './submit-result.mapping';
import { SignedStatementInput } from './types/signed-statement.input';
import { StatementResultView } from './types/statement-result.type';

@Resolver()
export class BatchResolver {
  constructor(private readonly commands: CommandBus) {}

  // Nullable like the per-use mutations: a refused batch nulls only this field.
  @Mutation(() => [StatementResultView], {
    nullable: true,
    description: `Appends up to ${MAX_BATCH} signed statements of any type; one refusal does not fail the others.`,
  })
  async submitStatements(
    @Args('inputs', { type: () => [SignedStatementInput] }) inputs: SignedStatement[],
  ): Promise<StatementResultView[]> {
    checkArguments(batchSizeProblem(inputs.length));
    const checked = checkBatch(inputs);
    const submitted = await this.commands.execute(new SubmitStatements(checked.valid));
    return mergeBatch(checked, submitted).map(toStatementResult);
  }
}
