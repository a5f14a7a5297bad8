// The one place GraphQL errors are shaped (STYLE.md example 5). Every error leaves with
// `extensions: { code, path, details }`: `code` from the closed union, `path` into the
// input (the GraphQL response path stays in the error's own `path`). A refusal carrying
// several problems reports the first in `code`/`path` and all of them in `problems`.
import { Logger } from '@nestjs/common';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from '../../errors/codes';
import type { Problem } from '../../errors/problem';
import { ProblemsError } from '../problems.error';

const logger = new Logger('GraphQL');
const errorCodes: ReadonlySet<string> = new Set(ERROR_CODES);

export interface FormattedExecution {
  readonly statusCode: number;
  readonly response: FormattedExecutionResult;
}

/** Mercurius `errorFormatter`: refusals keep HTTP 200; requests never executed keep their 4xx. */
export function formatExecution(execution: ExecutionResult & { readonly errors: readonly GraphQLError[] }): FormattedExecution {
  const errors = execution.errors.flatMap(unwrapRequestErrors).map(formatError);
  return {
    statusCode: execution.data ? 200 : requestStatus(execution.errors),
    response: { data: execution.data ?? null, errors },
  };
}

export function formatError(error: GraphQLError): GraphQLFormattedError {
  const { message, locations, path } = error.toJSON();
  const base = { message, ...(locations && { locations }), ...(path && { path }) };
  const original = error.originalError;
  if (original instanceof ProblemsError) {
    const [first] = original.problems;
    return { ...base, message: first.message, extensions: { ...problemExtensions(first), problems: original.problems } };
  }
  const code = error.extensions['code'];
  if (typeof code === 'string' && errorCodes.has(code)) {
    return { ...base, extensions: { code, path: '', details: error.extensions['details'] } };
  }
  if (isRequestError(error)) {
    return { ...base, extensions: { code: 'query.invalid' satisfies ErrorCode, path: '' } };
  }
  logger.error(original ?? error);
  return { ...base, message: 'internal error', extensions: { code: 'internal.error' satisfies ErrorCode, path: '' } };
}

function problemExtensions(problem: Problem): Record<string, unknown> {
  return { code: problem.code, path: problem.path, details: problem.details };
}

// Mercurius reports a whole failed validation as one error holding the real ones.
function unwrapRequestErrors(error: GraphQLError): GraphQLError[] {
  const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(inner)) return [error];
  return inner.map((e: unknown) =>
    e instanceof GraphQLError ? e : new GraphQLError(e instanceof Error ? e.message : String(e), { originalError: e as Error }),
  );
}

function requestStatus(errors: readonly GraphQLError[]): number {
  const status = (errors[0]?.originalError as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : 200;
}

/**
 * Errors of the request itself, the client's to fix: syntax, validation and variable
 * errors (GraphQL's own, raised before execution, so without a response path), and
 * Fastify's (malformed JSON, body too large, wrong method). Anything else that fails
 * while executing, other than a refusal, is ours.
 */
function isRequestError(error: GraphQLError): boolean {
  const original = error.originalError;
  if (original === undefined || original instanceof GraphQLError) return error.path === undefined;
  const status = (original as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}
