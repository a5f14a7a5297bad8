import { Command } from '@nestjs/cqrs';
import type { SignedStatement } from '../../integrity/statement';
import type { SubmitResult } from '../ledger/ledger.port';

/** A signed statement to record; `expectedType` guards per-use mutations. */
export class SubmitStatement extends Command<SubmitResult> {
  constructor(
    readonly input: SignedStatement,
    readonly expectedType?: string,
  ) {
    super();
  }
}

/** A broker's batch: each statement gets its own result; they may share a commit. */
export class SubmitStatements extends Command<readonly SubmitResult[]> {
  constructor(readonly inputs: readonly SignedStatement[]) {
    super();
  }
}
