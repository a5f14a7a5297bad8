// One resolver class per row of STATEMENT_MUTATIONS, made by a factory instead of 23
// hand-written copies. Each is thin: validate the input (pipe), submit it with the
// expected type, map the result.
import type { Type } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { SubmitStatement } from '../../application/statements/submit-statement.command';
import type { SignedStatement } from '../../integrity/statement';
import { SignedStatementPipe } from './input-validation';
import { STATEMENT_MUTATIONS, type StatementMutation } from './statement-mutations';
import { receiptOrThrow } from './submit-result.mapping';
import { ReceiptView } from './types/receipt.type';
import { SignedStatementInput } from './types/signed-statement.input';
import { ANSWER_RESOLVERS } from './authorization/authorization.resolvers';

export function statementMutationResolver(row: StatementMutation): Type<unknown> {
  const resolver = row.answer === undefined ? receiptResolver(row) : ANSWER_RESOLVERS[row.answer](row.mutation);
  // Distinct names keep Nest's diagnostics readable (every class is otherwise alike).
  const name = `${row.mutation[0]!.toUpperCase()}${row.mutation.slice(1)}Resolver`;
  Object.defineProperty(resolver, 'name', { value: name });
  return resolver;
}

function receiptResolver({ mutation, statementType }: StatementMutation): Type<unknown> {
  @Resolver()
  class StatementMutationResolver {
    constructor(private readonly commands: CommandBus) {}

    // Nullable so that a refusal nulls only this field, not a whole multi-field operation.
    @Mutation(() => ReceiptView, {
      name: mutation,
      nullable: true,
      description: `Appends a signed \`${statementType}\` statement and returns its receipt.`,
    })
    async submit(
      @Args('input', { type: () => SignedStatementInput }, SignedStatementPipe) input: SignedStatement,
    ): Promise<ReceiptView> {
      return receiptOrThrow(await this.commands.execute(new SubmitStatement(input, statementType)));
    }
  }
  return StatementMutationResolver;
}

export const STATEMENT_MUTATION_RESOLVERS: readonly Type<unknown>[] = STATEMENT_MUTATIONS.map(statementMutationResolver);
