// The one place GraphQL errors are shaped (STYLE.md example 5). Every error leaves with
// `extensions: { code, path, details }`: `code` from the closed union, `path` into the
// input (the GraphQL response path stays in the error's own `path`). A refusal carrying
// several problems reports the first in `code`/`path` and all of them in `problems`.
import { Logger } from '@nestjs/common';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from '../../errors/codes';
import type { Problem } from '../../errors/problem';
import { ProblemsError } from '../problems.error';
import type { RefusedRequest } from './refused-request';

const logger = new Logger('GraphQL');
const errorCodes: ReadonlySet<string> = new Set(ERROR_CODES);

export interface FormattedExecution {
  readonly statusCode: number;
  readonly response: FormattedExecutionResult;
}

/** Mercurius `errorFormatter`: refusals keep HTTP 200; requests never executed keep their 4xx. */
export function formatExecution(execution: ExecutionResult & { readonly errors: readonly (GraphQLError | Error)[] }): FormattedExecution {
  const errors = execution.errors.flatMap(unwrapRequestErrors).map(formatError);
  return {
    statusCode: execution.data ? 200 : requestStatus(execution.errors),
    response: { data: execution.data ?? null, errors },
  };
}

/** A request refused before it was executed, formatted as Mercurius would format it. */
export function formatRefusal(refused: RefusedRequest): FormattedExecution {
  return formatExecution({ errors: [new GraphQLError(refused.message, { originalError: refused, extensions: refused.extensions })] });
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
    const inputPath = error.extensions['path'];
    return { ...base, extensions: { code, path: typeof inputPath === 'string' ? inputPath : '', details: error.extensions['details'] } };
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

// Mercurius reports a whole failed validation (or a mutation sent by GET) as one error
// holding the real ones; what they hold is the request's fault, the wrapper's status
// says so. graphql-jit reports some errors as its own class, not a GraphQLError.
function unwrapRequestErrors(error: GraphQLError | Error): GraphQLError[] {
  if (!(error instanceof GraphQLError)) return [new GraphQLError(error.message, { originalError: error })];
  const wrapper = error.originalError as (Error & { errors?: unknown; code?: unknown }) | undefined;
  if (wrapper === undefined || !Array.isArray(wrapper.errors)) return [error];
  if (wrapper.code === 'MER_ERR_METHOD_NOT_ALLOWED') {
    const code: ErrorCode = 'request.method_not_allowed';
    return [new GraphQLError('a GET request can only run a query: send mutations by POST, subscriptions over graphql-ws', { originalError: wrapper, extensions: { code } })];
  }
  for (const e of wrapper.errors) releaseStackFrames(e);
  return wrapper.errors.map((e: unknown) =>
    e instanceof GraphQLError ? e : new GraphQLError(e instanceof Error ? e.message : String(e), { originalError: wrapper }),
  );
}

/**
 * Until V8 formats an error's stack, it keeps every frame's receiver and closure alive:
 * for a validation error, the whole validation of its document with the rules' caches
 * (about 5 MB for a document of 1,000 tokens). Mercurius keeps the errors of refused
 * documents in its cache, so they are formatted here, where each one passes first.
 */
function releaseStackFrames(error: unknown): void {
  if (error instanceof Error) void error.stack;
}

function requestStatus(errors: readonly (GraphQLError | Error)[]): number {
  const first = errors[0];
  const status = ((first instanceof GraphQLError ? first.originalError : first) as { statusCode?: unknown } | undefined)?.statusCode;
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
