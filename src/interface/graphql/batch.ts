// Broker batches: each statement gets its own result. Statements whose shape is wrong
// are answered at the edge; the rest go to the port together, so they can share a commit.
import type { SubmitResult } from '../../application/ledger/ledger.port';
import { problem, type Problem } from '../../errors/problem';
import type { SignedStatement } from '../../integrity/statement';
import { signedStatementProblems, toSignedStatement } from './input-validation';

/** Bounds one request's work and body size (see http-app.ts for the body limit). */
export const MAX_BATCH = 256;

export function batchSizeProblem(count: number): Problem | undefined {
  if (count >= 1 && count <= MAX_BATCH) return undefined;
  return problem('input.invalid', `a batch holds 1 to ${MAX_BATCH} statements, got ${count}`, 'inputs', {
    count,
    max: MAX_BATCH,
  });
}

export interface CheckedBatch {
  /** Shape problems per input, by index; empty for inputs that go to the port. */
  readonly problems: readonly Problem[][];
  readonly valid: readonly SignedStatement[];
}

export function checkBatch(inputs: readonly SignedStatement[]): CheckedBatch {
  const problems = inputs.map((input, i) => signedStatementProblems(input, `inputs[${i}]`));
  const valid = inputs.filter((_, i) => problems[i]!.length === 0).map(toSignedStatement);
  return { problems, valid };
}

/** Puts the port's results back in input order, beside the edge's own refusals. */
export function mergeBatch(checked: CheckedBatch, submitted: readonly SubmitResult[]): SubmitResult[] {
  if (submitted.length !== checked.valid.length) {
    throw new Error(`the ledger answered ${submitted.length} of ${checked.valid.length} statements`);
  }
  let next = 0;
  return checked.problems.map((problems) =>
    problems.length > 0 ? { ok: false, problems } : submitted[next++]!,
  );
}
