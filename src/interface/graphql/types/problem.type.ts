import { Field, ObjectType } from '@nestjs/graphql';
import type { Problem } from '../../../errors/problem';
import { JsonScalar } from './json.scalar';

@ObjectType('Problem', { description: 'One reason a statement was refused.' })
export class ProblemView {
  @Field({ description: 'Stable, namespaced error code (src/errors/codes.ts).' })
  code!: string;

  @Field()
  message!: string;

  @Field({ description: 'Path into the input; empty for the input as a whole.' })
  path!: string;

  @Field(() => JsonScalar, { nullable: true })
  details?: unknown;
}

export function toProblemView(problem: Problem): ProblemView {
  return { code: problem.code, message: problem.message, path: problem.path, details: problem.details };
}
