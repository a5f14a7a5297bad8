// Guards protected GraphQL reads. Admins and auditors read everything this service
// exposes so far; finer scoping (a human's own authority, an agent's own record) comes
// with the read models. A handler without @ReadableBy is readable by nobody: fail closed.
import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Reader } from '../../application/ledger/ledger.port';
import { problem } from '../../errors/problem';
import { ProblemsError } from '../problems.error';
import { ReadTokenVerifier } from './read-token.verifier';

export type ReadRole = 'admin' | 'auditor';

const READ_ROLES = 'writ:read-roles';

/** The roles that may read through the decorated resolver or class. */
export const ReadableBy = (...roles: ReadRole[]) => SetMetadata(READ_ROLES, roles);

interface RequestLike {
  readonly headers: Record<string, string | string[] | undefined>;
}

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
    if (!roles.some((role) => reader.value.roles.includes(role))) throw forbidden(reader.value, roles);
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
