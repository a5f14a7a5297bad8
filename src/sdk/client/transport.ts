// POSTing GraphQL over HTTP with retries. Retrying is safe because every statement is
// idempotent by (actor, nonce): the same signed bytes are resent unchanged, and the
// ledger answers a repeat with the original receipt. Reads are idempotent anyway.
// Only failures that may be transient are retried: the network, timeouts, 429, 5xx
// answers that carry no definite refusal, and answers whose only errors say the store
// was unavailable.
import { err, ok, problem, type Result } from '../../errors/problem';
import { backoffDelay, sleep } from './backoff';

/**
 * The part of `fetch` the client uses: the global `fetch` is one, and so is a lighter
 * transport such as `nodeHttpFetch` (writ/sdk/node), which costs a Node client a third
 * of the CPU per request.
 */
export type FetchLike = (
  url: string,
  init: {
    readonly method: 'POST';
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
    readonly signal: AbortSignal;
  },
) => Promise<{ readonly status: number; text(): Promise<string> }>;

export interface TransportOptions {
  readonly endpoint: string;
  readonly fetch: FetchLike;
  /** Further attempts after the first. */
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly timeoutMs: number;
}

export interface GraphQLRequest {
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>>;
}

/** A GraphQL response body; its shape past this is checked by the caller. */
export interface GraphQLBody {
  readonly data?: unknown;
  readonly errors?: unknown;
}

type Attempt =
  | { readonly retry: true; readonly why: string; /** What to answer if no attempt is left. */ readonly last?: GraphQLBody }
  | { readonly retry: false; readonly result: Result<GraphQLBody> };

/** Posts `request`; the GraphQL body, or why no usable answer came after every attempt. */
export async function postGraphQL(
  options: TransportOptions,
  request: GraphQLRequest,
  headers: Readonly<Record<string, string>> = {},
): Promise<Result<GraphQLBody>> {
  let outcome: Attempt = { retry: true, why: 'not attempted' };
  for (let attempt = 0; attempt <= options.retries && outcome.retry; attempt++) {
    if (attempt > 0) await sleep(backoffDelay(options.retryDelayMs, attempt));
    outcome = await attemptOnce(options, request, headers);
  }
  if (!outcome.retry) return outcome.result;
  if (outcome.last !== undefined) return ok(outcome.last);
  const code = outcome.why.startsWith('HTTP') ? 'sdk.http_error' : 'sdk.network_error';
  const message = `no answer from ${options.endpoint} after ${options.retries + 1} attempts: ${outcome.why}`;
  return err(problem(code, message, '', { attempts: options.retries + 1 }));
}

async function attemptOnce(
  options: TransportOptions,
  request: GraphQLRequest,
  headers: Readonly<Record<string, string>>,
): Promise<Attempt> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs);
  try {
    const response = await options.fetch(options.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(request),
      signal: abort.signal,
    });
    return classify(response.status, await response.text());
  } catch (e) {
    return { retry: true, why: abort.signal.aborted ? `timed out after ${options.timeoutMs} ms` : describe(e) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * 2xx: the body must be GraphQL JSON. 4xx: a GraphQL body (a request the server
 * refused) is the answer, anything else an HTTP error. 429 and 5xx: retried, unless
 * the body carries a definite refusal, which would only come back the same.
 */
function classify(status: number, text: string): Attempt {
  const body = parseBody(text);
  const retryable = status === 429 || status >= 500;
  if (body !== undefined && onlyTransientErrors(body)) return { retry: true, why: `HTTP ${status}: store unavailable`, last: body };
  if (status >= 200 && status < 300) {
    return { retry: false, result: body ? ok(body) : err(problem('sdk.bad_response', `HTTP ${status} without a GraphQL JSON body`)) };
  }
  if (body !== undefined && isAnswer(body, retryable)) return { retry: false, result: ok(body) };
  if (retryable) return { retry: true, why: `HTTP ${status}` };
  return { retry: false, result: err(problem('sdk.http_error', `HTTP ${status}`, '', { status })) };
}

function parseBody(text: string): GraphQLBody | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) && ('data' in value || 'errors' in value)
      ? (value as GraphQLBody)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Codes that say "try again" rather than "no". */
const TRANSIENT_CODES: ReadonlySet<string> = new Set(['store.unavailable', 'internal.error']);

const errorCodes = (body: GraphQLBody): unknown[] =>
  Array.isArray(body.errors) ? body.errors.map((e: unknown) => (e as { extensions?: { code?: unknown } } | null)?.extensions?.code) : [];

/** Only transient codes, and only the store's: an internal error in a 2xx answer is a bug to report, not to repeat. */
function onlyTransientErrors(body: GraphQLBody): boolean {
  const codes = errorCodes(body);
  return codes.length > 0 && codes.every((c) => c === 'store.unavailable');
}

/** An error answer worth returning: any GraphQL error (4xx), or a coded, not transient one (429, 5xx). */
function isAnswer(body: GraphQLBody, retryable: boolean): boolean {
  const codes = errorCodes(body);
  return retryable ? codes.some((c) => typeof c === 'string' && !TRANSIENT_CODES.has(c)) : codes.length > 0;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));
