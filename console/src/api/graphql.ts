// The console's one door to the service: POST /graphql on the origin that served it,
// with the read token of the session. Answers are either data or the problems the
// service gave (code, message, path), never a thrown string.
export interface ProblemText {
  readonly code: string;
  readonly message: string;
  readonly path?: string;
  readonly details?: unknown;
}

export type Answer<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly problems: readonly ProblemText[] };

export type TokenGetter = () => string | undefined;

export const graphqlUrl = (): string => new URL('/graphql', location.origin).toString();

export async function gql<T>(query: string, variables: Record<string, unknown>, token: TokenGetter): Promise<Answer<T>> {
  const bearer = token();
  let response: Response;
  try {
    response = await fetch(graphqlUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    return { ok: false, problems: [{ code: 'console.unreachable', message: `the service did not answer: ${String(error)}` }] };
  }
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string; path?: string; details?: unknown } }[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    return { ok: false, problems: [{ code: 'console.bad_response', message: `the service answered ${response.status} without JSON` }] };
  }
  if (body.errors && body.errors.length > 0) {
    return {
      ok: false,
      problems: body.errors.map((e) => ({
        code: e.extensions?.code ?? 'graphql.error',
        message: e.message,
        ...(e.extensions?.path ? { path: e.extensions.path } : {}),
        ...(e.extensions?.details !== undefined ? { details: e.extensions.details } : {}),
      })),
    };
  }
  return body.data === undefined ? { ok: false, problems: [{ code: 'console.bad_response', message: 'the answer has no data' }] } : { ok: true, data: body.data };
}

/** The point every view reads at: the head ("now"), a global position, or a time. */
export type AsOf = { readonly kind: 'now' } | { readonly kind: 'position'; readonly position: number } | { readonly kind: 'time'; readonly time: string };

export const asOfVariable = (asOf: AsOf): { position: number } | { time: string } | null =>
  asOf.kind === 'now' ? null : asOf.kind === 'position' ? { position: asOf.position } : { time: asOf.time };

export const describeAsOf = (asOf: AsOf): string =>
  asOf.kind === 'now' ? 'now (the head)' : asOf.kind === 'position' ? `position ${asOf.position}` : asOf.time;
