// The event-store port: the only way the service touches stored events. Every adapter
// (SQLite, EventStoreDB) implements it and runs the one contract suite in
// `event-store.contract.ts`; differences between adapters are declared capabilities,
// never different semantics.
//
// What the store knows of an event is opaque `data` (the canonical envelope JSON, stored
// and returned verbatim) plus a few indexed columns copied out of it. It checks nothing
// about the envelope itself; sealing and chain checks belong to the integrity core.
//
// Semantics, in the order an append request is judged inside its batch:
//  1. Duplicate: if the (actor, nonce) of any of its events is already stored (earlier
//     in the same batch included), the request is `duplicate` and returns the ORIGINAL
//     stored events for those pairs, in request order; nothing is written. A replayed
//     statement therefore gets its original receipt, even when its expected revision is
//     stale by now. If only some pairs match, `events` is shorter than the request: the
//     caller reused a nonce and must not treat it as a clean replay.
//  2. Conflict: the expected revision is exact (`no_stream` or the revision of the
//     stream's last event), never "any". A mismatch is `conflict` with the actual head;
//     this is the one version-conflict outcome of every adapter, so the handler has one
//     retry path (reload, decide again). Use `expectNoConflict` to turn it into a
//     `VersionConflictError` where throwing reads better.
//  3. Otherwise the events get the next stream revisions and the next global positions.
//     A request with no events only checks the revision (`appended` with no events).
//
// Batches: `appendBatch` is the group-commit primitive. The service collects concurrent
// commands, seals them, appends them as one batch and signs one checkpoint over the
// result, so batching (and the checkpoint signature) is owned by the service; the store
// makes a batch as cheap as one durable write. SQLite commits a batch in one transaction;
// EventStoreDB cannot span streams atomically, so there a batch is atomic per request
// only. Either way each request is judged on its own and may depend on an earlier request
// of the same batch (same stream, expecting the revision the earlier one produced).
//
// Refusals that concern the whole call are thrown as `StoreError` and write nothing:
// `store.invalid_request` (malformed request, two events with one (actor, nonce)),
// `store.too_large` (a request over the adapter's append size limit), `store.read_only`,
// `store.unavailable` (closed, busy past the timeout, I/O; `details.retryable` says
// whether retrying may help). Adapters translate every vendor error into these.
//
// Global positions are dense from 0 in commit order and equal the envelope's Merkle leaf
// index; `size()` is the next position.
import type { GlobalPosition, StreamRevision } from '../integrity/brands';
import { problem, type Problem } from '../errors/problem';
import type { ErrorCode } from '../errors/codes';

export interface EventToAppend {
  readonly type: string;
  readonly actor: string;
  readonly nonce: string;
  /** Envelope hash, 64 lowercase hex characters. */
  readonly hash: string;
  /** Canonical envelope JSON, stored and returned verbatim. */
  readonly data: string;
}

/** Exact expected revision: the stream must not exist yet, or its last event has this revision. */
export type ExpectedRevision = StreamRevision | 'no_stream';

export interface AppendRequest {
  readonly stream: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly EventToAppend[];
}

export interface StoredEvent {
  readonly position: GlobalPosition;
  readonly stream: string;
  readonly revision: StreamRevision;
  readonly type: string;
  readonly actor: string;
  readonly nonce: string;
  readonly hash: string;
  readonly data: string;
}

export interface AppendConflict {
  readonly status: 'conflict';
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly actual: StreamRevision | 'no_stream';
}

export type AppendResult =
  | { readonly status: 'appended'; readonly events: readonly StoredEvent[] }
  | { readonly status: 'duplicate'; readonly events: readonly StoredEvent[] }
  | AppendConflict;

export interface ReadStreamOptions {
  /** Inclusive start; default: the first event (forwards) or the last (backwards). */
  readonly fromRevision?: number;
  readonly direction?: 'forwards' | 'backwards';
  /** At most this many events; default: all. */
  readonly limit?: number;
}

export interface EventStore {
  /** Judges every request on its own (see the header) and commits the batch in one write. */
  appendBatch(requests: readonly AppendRequest[]): Promise<readonly AppendResult[]>;
  append(request: AppendRequest): Promise<AppendResult>;
  /** A stream's events; a stream that does not exist reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<readonly StoredEvent[]>;
  streamRevision(stream: string): Promise<StreamRevision | 'no_stream'>;
  /** The global log in commit order from `fromPosition` (inclusive), at most `limit` events. */
  readAll(fromPosition: number, limit: number): Promise<readonly StoredEvent[]>;
  /**
   * Every event from `fromPosition`: the stored ones, then new commits as they happen,
   * each exactly once and in position order, until `signal` aborts or the store closes;
   * then the iteration ends without an error. Sees commits made through other handles
   * on the same store (another process) as well, possibly with a short delay.
   */
  subscribeAll(fromPosition: number, signal: AbortSignal): AsyncIterable<StoredEvent>;
  /** Number of events in the global log, which is the next global position. */
  size(): Promise<number>;
  /** The event stored with this (actor, nonce); each pair identifies at most one event. */
  findByActorNonce(actor: string, nonce: string): Promise<StoredEvent | undefined>;
  /** Releases the store; later calls fail with `store.unavailable`, subscriptions end. */
  close(): Promise<void>;
}

/** A refusal of a whole store call. `problem.code` is one of the `store.*` codes. */
export class StoreError extends Error {
  constructor(
    readonly problem: Problem,
    options?: { cause?: unknown },
  ) {
    super(problem.message, options);
    this.name = 'StoreError';
  }

  get code(): ErrorCode {
    return this.problem.code;
  }
}

export function storeError(
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
  cause?: unknown,
): StoreError {
  return new StoreError(problem(code, message, '', details), cause === undefined ? undefined : { cause });
}

/** The one version-conflict error, for callers that prefer to throw. */
export class VersionConflictError extends StoreError {
  constructor(readonly conflict: AppendConflict) {
    super(
      problem('store.version_conflict', `stream ${conflict.stream} is not at the expected revision`, '', {
        stream: conflict.stream,
        expected: conflict.expected,
        actual: conflict.actual,
      }),
    );
    this.name = 'VersionConflictError';
  }
}

/** Passes `appended` and `duplicate` through; throws `VersionConflictError` on a conflict. */
export function expectNoConflict(result: AppendResult): Exclude<AppendResult, AppendConflict> {
  if (result.status === 'conflict') throw new VersionConflictError(result);
  return result;
}
