import type { SubmitResult } from '../../application/ledger/ledger.port';
import { ProblemsError } from '../problems.error';
import { toProblemView } from './types/problem.type';
import { toReceiptView, type ReceiptView } from './types/receipt.type';
import type { StatementResultView } from './types/statement-result.type';

/** A per-use mutation's answer: the receipt, or every problem as one GraphQL error. */
export function receiptOrThrow(result: SubmitResult): ReceiptView {
  if (result.ok) return toReceiptView(result.receipt, result.replayed);
  throw new ProblemsError(result.problems);
}

export function toStatementResult(result: SubmitResult): StatementResultView {
  return result.ok
    ? { receipt: toReceiptView(result.receipt, result.replayed), replayed: result.replayed, errors: [] }
    : { receipt: null, replayed: false, errors: result.problems.map(toProblemView) };
}
