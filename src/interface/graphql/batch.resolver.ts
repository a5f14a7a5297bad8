import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { LEDGER_PORT, type LedgerPort } from '../../application/ledger/ledger.port';
import type { SignedStatement } from '../../integrity/statement';
import { checkArguments } from './argument-checks';
import { batchSizeProblem, checkBatch, MAX_BATCH, mergeBatch } from './batch';
import { toStatementResult } from './submit-result.mapping';
import { SignedStatementInput } from './types/signed-statement.input';
import { StatementResultView } from './types/statement-result.type';

@Resolver()
export class BatchResolver {
  constructor(@Inject(LEDGER_PORT) private readonly ledger: LedgerPort) {}

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
    const submitted = await this.ledger.submitBatch(checked.valid);
    return mergeBatch(checked, submitted).map(toStatementResult);
  }
}
