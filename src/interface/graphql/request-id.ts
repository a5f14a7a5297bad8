// Puts the request's id (the one in the logs and the x-request-id header) into every
// GraphQL error's `extensions.requestId`, around the one formatter (error-formatter.ts).
import type { ExecutionResult, GraphQLError } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { formatExecution, type FormattedExecution } from './error-formatter';

export function formatExecutionWithRequestId(execution: ExecutionResult & { readonly errors: readonly GraphQLError[] }, context: MercuriusContext | undefined): FormattedExecution {
  const formatted = formatExecution(execution);
  const requestId = context?.reply?.request.id;
  if (requestId === undefined || formatted.response.errors === undefined) return formatted;
  return {
    ...formatted,
    response: { ...formatted.response, errors: formatted.response.errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId } })) },
  };
}
