// Shared pieces of the event-store contract suite: what an adapter's spec hands in, and
// small builders for requests so the cases read as given / when / then.
import { createHash } from 'node:crypto';
import { streamRevision } from '../../integrity/brands';
import type { AppendRequest, AppendResult, EventStore, EventToAppend, StoredEvent } from '../event-store.port';

/** One store under test, made fresh for each test by the adapter's factory. */
export interface EventStoreFixture {
  readonly store: EventStore;
  /** Closes every handle this fixture opened and removes whatever it stored. */
  cleanup(): Promise<void>;
  /** Opens the same store again through a new handle; required by `persistence`. */
  reopen?(): Promise<EventStore>;
  /** A second, independent handle on the same store, as another process would hold; required by `crossHandleFollow`. */
  openAnother?(): Promise<EventStore>;
}

/** What an adapter can do beyond the core contract. Absent means "not claimed": those cases are skipped, by name. */
export interface EventStoreCapabilities {
  /** Events survive closing the store and opening it again (`fixture.reopen`). */
  readonly persistence?: boolean;
  /** `subscribeAll` on one handle sees commits made through another (`fixture.openAnother`). */
  readonly crossHandleFollow?: boolean;
  /** The adapter's append size limit in bytes of `data`; a larger request must be refused with `store.too_large`. */
  readonly maxAppendBytes?: number;
  /** How long a follower may take to see a commit made through another handle (default 5000 ms). */
  readonly followTimeoutMs?: number;
  /** fast-check runs of the model comparison (default 40). */
  readonly propertyRuns?: number;
  /** Callers racing in the concurrency cases (default 16). */
  readonly concurrentAppenders?: number;
}

export interface ContractContext {
  readonly factory: () => Promise<EventStoreFixture>;
  readonly capabilities: EventStoreCapabilities;
  /** The running test's fixture (made in `beforeEach`). */
  fixture(): EventStoreFixture;
  store(): EventStore;
}

let eventCounter = 0;

/** A distinct event; its hash is derived from its identity so it is valid and unique. */
export function anEvent(overrides: Partial<EventToAppend> = {}): EventToAppend {
  const n = ++eventCounter;
  const actor = overrides.actor ?? 'actor-1';
  const nonce = overrides.nonce ?? `nonce-${n}`;
  return {
    type: overrides.type ?? 'test.happened',
    actor,
    nonce,
    hash: overrides.hash ?? createHash('sha256').update(`${actor}\n${nonce}\n${n}`).digest('hex'),
    data: overrides.data ?? JSON.stringify({ n, actor, nonce }),
  };
}

export function events(count: number, overrides: Partial<EventToAppend> = {}): EventToAppend[] {
  return Array.from({ length: count }, () => anEvent(overrides));
}

export function request(stream: string, expected: number | 'no_stream', toAppend: readonly EventToAppend[]): AppendRequest {
  return { stream, expectedRevision: expected === 'no_stream' ? expected : streamRevision(expected), events: toAppend };
}

/** The stored events of a result that must have been appended; fails the test otherwise. */
export function appended(result: AppendResult | undefined): readonly StoredEvent[] {
  if (result?.status !== 'appended') throw new Error(`expected an appended result, got ${JSON.stringify(result)}`);
  return result.events;
}

/** What a stored event must echo from the request. */
export function echoOf(event: EventToAppend, stream: string, revision: number, position: number) {
  return { ...event, stream, revision, position };
}

export function positionsOf(stored: readonly StoredEvent[]): number[] {
  return stored.map((e) => e.position);
}

export function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

/**
 * Follows `store` from `from` until `count` events arrived or `timeoutMs` passed, then
 * aborts. Returns what arrived, so a missing event fails an assertion, not a hang.
 */
export async function collect(store: EventStore, from: number, count: number, timeoutMs = 5000): Promise<StoredEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seen: StoredEvent[] = [];
  try {
    for await (const event of store.subscribeAll(from, controller.signal)) {
      seen.push(event);
      if (seen.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return seen;
}

/** Lets other tasks run (timers, I/O callbacks), so "later" really is later. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
