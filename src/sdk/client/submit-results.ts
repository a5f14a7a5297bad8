// Turning the service's answers to mutations into the SDK's typed results.
import { err, ok, problem, type Problem, type Result } from '../../errors/problem';
import type { Receipt } from '../receipt';
import { SUBMIT_BATCH_FIELD } from './documents';
import { toProblem } from './graphql-problems';
import { pick, PROBLEM_SHAPE, RECEIPT_SHAPE, shapeProblems } from './response-shapes';

export type SubmitResult =
  | { readonly ok: true; readonly receipt: Receipt; /** true when (actor, nonce) was seen before */ readonly replayed: boolean }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** A per-use mutation's value: a receipt with its `replayed` flag. */
export function submitResultOf(value: unknown, path: string): SubmitResult {
  const bad = shapeProblems(value, RECEIPT_SHAPE, path);
  if (bad.length > 0) return { ok: false, problems: bad };
  const { replayed, ...receipt } = pick<Receipt & { replayed: boolean }>(value, RECEIPT_SHAPE);
  return { ok: true, receipt, replayed };
}

/** The batch mutation's value: one item per statement sent, in order. */
export function batchResultsOf(value: unknown, sent: number): Result<SubmitResult[]> {
  if (!Array.isArray(value) || value.length !== sent) {
    return err(problem('sdk.bad_response', `the batch answer is not a list of ${sent} results`, SUBMIT_BATCH_FIELD));
  }
  return ok(value.map((item: unknown, i) => batchItemOf(item, `${SUBMIT_BATCH_FIELD}[${i}]`)));
}

function batchItemOf(item: unknown, path: string): SubmitResult {
  const errors = (item as { errors?: unknown } | null)?.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const bad = errors.flatMap((e: unknown, i) => shapeProblems(e, PROBLEM_SHAPE, `${path}.errors[${i}]`));
    return { ok: false, problems: bad.length > 0 ? bad : errors.map((e) => toProblem(pick(e, PROBLEM_SHAPE))) };
  }
  return submitResultOf((item as { receipt?: unknown } | null)?.receipt, `${path}.receipt`);
}
