// Requests refused before any resolver ran: too large, malformed, sent the wrong way.
// Thrown from the Fastify and Mercurius hooks (request-hooks.ts); Mercurius hands them to
// the one formatter (error-formatter.ts), which keeps `statusCode` as the HTTP status and
// `extensions` as the code, path and details.
import type { GraphQLError } from 'graphql';
import type { ErrorCode } from '../../errors/codes';

export class RefusedRequest extends Error {
  readonly extensions: { readonly code: ErrorCode; readonly path: string; readonly details?: Readonly<Record<string, unknown>> };

  constructor(
    code: ErrorCode,
    message: string,
    readonly statusCode = 400,
    details?: Readonly<Record<string, unknown>>,
    path = '',
  ) {
    super(message);
    this.name = 'RefusedRequest';
    this.extensions = details === undefined ? { code, path } : { code, path, details };
  }
}

/** Variables that do not fit the operation: graphql-js's own errors, each reported as `query.invalid`. */
export class InvalidVariables extends Error {
  readonly statusCode = 400;

  constructor(readonly errors: readonly GraphQLError[]) {
    super('the variables do not fit the operation');
    this.name = 'InvalidVariables';
  }
}
