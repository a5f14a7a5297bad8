import { err, type Err, type Problem } from '../../errors/problem';

/** The Err of a non-empty list of problems. */
export const refuse = (problems: readonly Problem[]): Err => err(problems[0]!, ...problems.slice(1));
