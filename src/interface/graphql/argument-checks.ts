// Range checks for scalar arguments: GraphQL has already checked the types, not the
// ranges. Every bad argument is reported, each at its own path.
import { problem, type Problem } from '../../errors/problem';
import { ProblemsError } from '../problems.error';

export interface IntRange {
  readonly min: number;
  readonly max?: number;
}

export function intArgumentProblem(name: string, value: number, { min, max }: IntRange): Problem | undefined {
  if (value >= min && (max === undefined || value <= max)) return undefined;
  const range = max === undefined ? `at least ${min}` : `between ${min} and ${max}`;
  return problem('input.invalid', `${name} must be ${range}`, name, { value, min, max });
}

/** Throws one error with every problem; returns nothing when all arguments are in range. */
export function checkArguments(...problems: readonly (Problem | undefined)[]): void {
  const found = problems.filter((p): p is Problem => p !== undefined);
  if (found.length > 0) throw new ProblemsError(found);
}

export function lengthArgumentProblem(name: string, value: string, { min, max }: IntRange): Problem | undefined {
  if (value.length >= min && (max === undefined || value.length <= max)) return undefined;
  return problem('input.invalid', `${name} must be ${min} to ${max ?? 'any number of'} characters long`, name, {
    length: value.length,
    min,
    max,
  });
}
