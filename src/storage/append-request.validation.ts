// Checks shared by every adapter before anything is written, so a malformed call is
// refused the same way everywhere and never reaches a vendor as a half-written batch.
// The service builds these requests itself; a refusal here is a programming error or an
// oversized statement, not a client-facing validation path.
import { storeError, type AppendRequest, type ReadStreamOptions } from './event-store.port';

const HASH = /^[0-9a-f]{64}$/;

/** The default append size limit, EventStoreDB's default `MaxAppendSize` (1 MiB). */
export const DEFAULT_MAX_APPEND_BYTES = 1024 * 1024;

export function isNonNegativeInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Throws `store.invalid_request` or `store.too_large` for the first bad request. */
export function validateAppendBatch(requests: readonly AppendRequest[], maxAppendBytes: number): void {
  requests.forEach((request, index) => validateRequest(request, index, maxAppendBytes));
}

function validateRequest(request: AppendRequest, index: number, maxAppendBytes: number): void {
  const invalid = (message: string) => storeError('store.invalid_request', `request ${index}: ${message}`, { index });
  if (typeof request.stream !== 'string' || request.stream === '') throw invalid('stream must be a non-empty string');
  const expected = request.expectedRevision;
  if (expected !== 'no_stream' && !isNonNegativeInteger(expected)) {
    throw invalid('expectedRevision must be "no_stream" or a non-negative integer');
  }
  const pairs = new Set<string>();
  let bytes = 0;
  for (const event of request.events) {
    if (!HASH.test(event.hash)) throw invalid('hash must be 64 lowercase hex characters');
    if (event.actor === '' || event.nonce === '' || event.type === '') throw invalid('type, actor and nonce must be set');
    // JSON keeps the pair unambiguous whatever characters the ids contain.
    const pair = JSON.stringify([event.actor, event.nonce]);
    if (pairs.has(pair)) throw invalid(`(actor, nonce) (${event.actor}, ${event.nonce}) appears twice`);
    pairs.add(pair);
    bytes += Buffer.byteLength(event.data, 'utf8');
  }
  if (bytes > maxAppendBytes) {
    throw storeError('store.too_large', `request ${index}: ${bytes} bytes exceed the append limit of ${maxAppendBytes}`, {
      index,
      bytes,
      limit: maxAppendBytes,
    });
  }
}

/** Throws `store.invalid_request` for options that are not non-negative integers. */
export function validateReadOptions(options: ReadStreamOptions): void {
  const { fromRevision, limit, direction } = options;
  if (fromRevision !== undefined && !isNonNegativeInteger(fromRevision)) {
    throw storeError('store.invalid_request', 'fromRevision must be a non-negative integer');
  }
  if (limit !== undefined && !isNonNegativeInteger(limit)) {
    throw storeError('store.invalid_request', 'limit must be a non-negative integer');
  }
  if (direction !== undefined && direction !== 'forwards' && direction !== 'backwards') {
    throw storeError('store.invalid_request', 'direction must be "forwards" or "backwards"');
  }
}

export function validateRange(fromPosition: number, limit: number): void {
  if (!isNonNegativeInteger(fromPosition) || !isNonNegativeInteger(limit)) {
    throw storeError('store.invalid_request', 'fromPosition and limit must be non-negative integers');
  }
}
