// class-validator at the GraphQL edge: every bad field becomes its own `input.invalid`
// problem with its path, so a client fixes all of them in one round trip.
import { Injectable, type PipeTransform } from '@nestjs/common';
import { validateSync, type ValidationError } from 'class-validator';
import { joinPath, problem, type Problem } from '../../errors/problem';
import type { SignedStatement } from '../../integrity/statement';
import { ProblemsError } from '../problems.error';
import { SignedStatementInput } from './types/signed-statement.input';

/** The problems of one signed statement, with paths under `path` (`input`, `inputs[3]`). */
export function signedStatementProblems(value: unknown, path: string): Problem[] {
  if (typeof value !== 'object' || value === null) {
    return [problem('input.invalid', 'a signed statement is an object', path)];
  }
  // A flat input of two strings needs no class-transformer (a tenth of a request's CPU in
  // profiles): class-validator reads the decorators of the instance's class.
  const errors = validateSync(Object.assign(new SignedStatementInput(), value), { forbidUnknownValues: true });
  return errors.map((error) => fieldProblem(error, path));
}

function fieldProblem(error: ValidationError, path: string): Problem {
  const constraints = error.constraints ?? {};
  const message = Object.values(constraints).join('; ') || 'invalid value';
  return problem('input.invalid', message, joinPath(path, error.property), { constraints: Object.keys(constraints) });
}

/** A plain copy: GraphQL hands resolvers objects the port should not have to know about. */
export function toSignedStatement(input: SignedStatement): SignedStatement {
  return { statement: input.statement, signature: input.signature };
}

/** Validates the `input` argument of the per-use mutations. */
@Injectable()
export class SignedStatementPipe implements PipeTransform<unknown, SignedStatement> {
  transform(value: unknown): SignedStatement {
    const problems = signedStatementProblems(value, 'input');
    if (problems.length > 0) throw new ProblemsError(problems);
    return toSignedStatement(value as SignedStatement);
  }
}
