// One GraphQL operation that selects one root field: the field's value, or the
// problems the service (or the transport) gave instead.
import { err, ok, problem, type Result } from '../../errors/problem';
import { problemsOf } from './graphql-problems';
import { postGraphQL, type GraphQLRequest, type TransportOptions } from './transport';

/**
 * `null` is a value here: a query may answer null for "not found". Errors beside data
 * win: a refused mutation answers `{ <field>: null }` with its reasons in `errors`.
 */
export async function callField(
  transport: TransportOptions,
  request: GraphQLRequest,
  field: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<Result<unknown>> {
  const body = await postGraphQL(transport, request, headers);
  if (!body.ok) return body;
  const problems = problemsOf(body.value.errors);
  if (problems.length > 0) return err(problems[0]!, ...problems.slice(1));
  const data = body.value.data;
  if (typeof data !== 'object' || data === null || !(field in data)) {
    return err(problem('sdk.bad_response', `the answer has no ${field} and no errors`, field));
  }
  return ok((data as Record<string, unknown>)[field]);
}
