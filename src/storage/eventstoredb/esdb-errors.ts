// EventStoreDB client errors never leave the adapter: each becomes a `StoreError` with a
// `store.*` code (STYLE.md, example 4). Matched on the client's `type` field, not on
// classes: @eventstore/db-client and @kurrent/kurrentdb-client have distinct error
// classes with the same `type` values (and a second copy of one module has distinct
// classes too). Errors from the KurrentDB client's native reader (@kurrent/bridge) are
// converted by that client to the same classes.
import { StoreError, storeError } from '../event-store.port';

/** The client's ErrorType values the adapter reacts to. */
const RETRYABLE = new Set(['unavailable', 'not-leader', 'cancelled', 'deadline-exceeded', 'timeout']);

function typeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}

/** True for failures after which the outcome of a write is unknown and a retry may help. */
export function isRetryableEsdbError(error: unknown): boolean {
  const type = typeOf(error);
  if (type !== undefined) return RETRYABLE.has(type) || (type === 'unknown' && /write after end|No connection|disconnect|closed/i.test(String((error as Error).message)));
  // Discovery failures and channel errors raised before a call is made.
  return error instanceof Error && !(error instanceof StoreError) && /discover|UNAVAILABLE|ECONNREFUSED|Connection dropped|No connection established/i.test(error.message);
}

/**
 * The stream's actual revision of a wrong-expected-version error, undefined for any other
 * error: @eventstore/db-client names it `actualVersion`, the KurrentDB client `actualState`.
 */
export function actualRevisionOf(error: unknown): bigint | 'no_stream' | undefined {
  if (typeOf(error) !== 'wrong-expected-version') return undefined;
  const { actualVersion, actualState } = error as { actualVersion?: unknown; actualState?: unknown };
  const actual = actualVersion ?? actualState;
  if (actual === 'no_stream' || typeof actual === 'bigint') return actual;
  throw new TypeError(`a wrong-expected-version error without an actual revision: ${String(actual)}`);
}

export function isStreamNotFound(error: unknown): boolean {
  return typeOf(error) === 'stream-not-found';
}

/** Maps an error thrown while doing `action` to the port's errors; ours pass through. */
export function translateEsdbError(error: unknown, action: string): StoreError {
  if (error instanceof StoreError) return error;
  const type = typeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const detail = { esdbError: type ?? 'unknown' };
  if (type === 'maximum-append-size-exceeded') {
    return storeError('store.too_large', `${action}: the server refused the append as too large`, detail, error);
  }
  if (type === 'wrong-expected-version') {
    return storeError('store.version_conflict', `${action}: ${message}`, { ...detail, retryable: true }, error);
  }
  if (type === 'access-denied') {
    return storeError('store.unavailable', `${action}: access denied by the server`, { ...detail, retryable: false }, error);
  }
  return storeError('store.unavailable', `${action}: ${message}`, { ...detail, retryable: isRetryableEsdbError(error) }, error);
}
