// How the edges raise refusals: one error carrying every Problem, turned into GraphQL
// errors by the one formatter (graphql/error-formatter.ts).
import { IntrinsicException } from '@nestjs/common';
import { problem, type Problem, type Result } from '../errors/problem';

/**
 * A refusal, not a fault. It extends IntrinsicException because Nest logs every other
 * error thrown from a resolver or guard, and refusals are routine.
 */
export class ProblemsError extends IntrinsicException {
  readonly problems: readonly [Problem, ...Problem[]];

  constructor(problems: readonly Problem[]) {
    const [first, ...rest] = problems;
    // A refusal without a reason is a bug upstream; it must still reach the client as one.
    const list: [Problem, ...Problem[]] = first ? [first, ...rest] : [problem('internal.error', 'refused without a reason')];
    super(list[0].message);
    this.name = 'ProblemsError';
    this.problems = list;
  }
}

/** Unwraps a Result at the edge: the value, or a ProblemsError with every problem. */
export function valueOrThrow<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new ProblemsError(result.problems);
}
