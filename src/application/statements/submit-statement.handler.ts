// The command side of every statement type. The per-type rules (body fields, who may
// make it, the decision) are the domain's handler table (src/domain/decide.ts); the
// ledger runtime runs them at the head inside its group commit. This handler is the
// one door the interface layer uses to reach it.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LEDGER_PORT, type LedgerPort, type SubmitResult } from '../ledger/ledger.port';
import { SubmitStatement, SubmitStatements } from './submit-statement.command';

@CommandHandler(SubmitStatement)
export class SubmitStatementHandler implements ICommandHandler<SubmitStatement> {
  constructor(@Inject(LEDGER_PORT) private readonly ledger: LedgerPort) {}

  execute({ input, expectedType }: SubmitStatement): Promise<SubmitResult> {
    return this.ledger.submit(input, expectedType);
  }
}

@CommandHandler(SubmitStatements)
export class SubmitStatementsHandler implements ICommandHandler<SubmitStatements> {
  constructor(@Inject(LEDGER_PORT) private readonly ledger: LedgerPort) {}

  execute({ inputs }: SubmitStatements): Promise<readonly SubmitResult[]> {
    return this.ledger.submitBatch(inputs);
  }
}
