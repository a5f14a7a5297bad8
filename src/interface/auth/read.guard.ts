// Guards protected GraphQL reads. Admins and auditors read everything; a handler marked
// `scoped` is open to any authenticated, active principal and judges the reader's scope
// itself (src/application/queries/read-scope.ts), with the reader @CurrentReader gives.
// A handler without @ReadableBy is readable by nobody: fail closed.
import { createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Reader } from '../../application/ledger/ledger.port';
import { problem } from '../../errors/problem';
import { ProblemsError } from '../problems.error';
import { ReadTokenVerifier } from './read-token.verifier';

export type ReadRole = 'admin' | 'auditor' | 'scoped';

const READ_ROLES = 'writ:read-roles';

/** The roles that may read through the decorated resolver or class. */
export const ReadableBy = (...roles: ReadRole[]) => SetMetadata(READ_ROLES, roles);

interface RequestLike {
  readonly headers: Record<string, string | string[] | undefined>;
  writReader?: Reader;
}

/** The authenticated reader of a guarded request (set by ReadGuard). */
export const CurrentReader = createParamDecorator((_: unknown, context: ExecutionContext): Reader | undefined => requestOf(context).writReader);

@Injectable()
export class ReadGuard implements CanActivate {
  constructor(
    private readonly verifier: ReadTokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context);
    const reader = await this.verifier.authenticate(request.headers['authorization']);
    if (!reader.ok) throw new ProblemsError(reader.problems);
    const roles = this.reflector.getAllAndOverride<ReadRole[] | undefined>(READ_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]) ?? [];
    if (!roles.includes('scoped') && !roles.some((role) => reader.value.roles.includes(role))) throw forbidden(reader.value, roles);
    request.writReader = reader.value;
    return true;
  }
}

function forbidden(reader: Reader, roles: readonly ReadRole[]): ProblemsError {
  const allowed = roles.length > 0 ? roles.join(' or ') : 'nobody';
  return new ProblemsError([
    problem('auth.forbidden', `this read is for ${allowed}`, '', { principal: reader.id, roles: [...roles] }),
  ]);
}

function requestOf(context: ExecutionContext): RequestLike {
  return GqlExecutionContext.create(context).getContext<{ req: RequestLike }>().req;
}
