// The EventStoreDB / KurrentDB event store, over gRPC through either client library
// (`@eventstore/db-client` or `@kurrent/kurrentdb-client`, esdb-client.ts). DESIGN.md, Storage.
//
// - Streams map one to one: the port's stream `s` is `<prefix>s.<s>`; the prefix is per
//   ledger (default `writ-<ledgerId>.`), so one server can hold several ledgers.
// - Every append passes an exact expected revision (`no_stream` -> NO_STREAM, n -> n),
//   never ANY: the server guarantees idempotency only for exact expectations.
// - Event ids are UUIDs derived from (ledger, actor, nonce). A write whose outcome is
//   unknown (the connection dropped, the leader changed, a deadline passed) is retried
//   with the same ids and the same expected revision; the server answers a retry of a
//   write that did land as a success without writing again, and the adapter then returns
//   the stored (original) events, read back from $all.
// - The global log is $all restricted to the ledger's data streams (`<prefix>s.`): the
//   adapter reads $all forwards from the last record it examined (@eventstore/db-client's
//   readAll has no filter; both clients are read the same way) and keeps the ledger's events in order in a catalog. An event's port
//   position is its rank among the ledger's events in $all, so every replica reading the
//   same $all derives the same positions, Merkle leaves and checkpoints. EventStoreDB
//   positions ({commit, prepare}) are stored to resume reading and compared for equality,
//   never used for arithmetic. Live following is woken by a filtered $all subscription
//   (stream-name prefix) and polls as a fallback.
// - (actor, nonce) uniqueness across streams, which SQLite gets from a unique index,
//   EventStoreDB cannot enforce atomically across streams. Closed in two layers:
//   (1) one adapter serialises its appends and checks its caught-up catalog first, so a
//   replay through the same handle is a clean `duplicate`; (2) across handles (service
//   replicas) each event first claims a marker stream for its pair (esdb-nonce-claims.ts).
// - A batch is NOT atomic across streams (EventStoreDB cannot span streams): each request
//   is judged and written on its own, in order; a failure mid-batch leaves the earlier
//   requests written (each is idempotent to retry). Whole-call refusals (malformed, too
//   large) are still decided before anything is sent.
// - Appends over the server's MaxAppendSize (default 1 MiB, data + metadata + type) are
//   refused before sending with `store.too_large`; the server's own refusal maps to the same.
// - Vendor errors are translated (esdb-errors.ts): wrong expected version -> `conflict`
//   result; not leader / unavailable / deadline -> retried (esdb-gateway.ts), then
//   `store.unavailable` with `retryable: true`.
// - Memory: the catalog holds the ledger's events (as the service's memory does anyway).
import { validateAppendBatch, validateRange, validateReadOptions, DEFAULT_MAX_APPEND_BYTES } from '../append-request.validation';
import { streamRevision, type StreamRevision } from '../../integrity/brands';
import {
  storeError,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ReadStreamOptions,
  type StoredEvent,
} from '../event-store.port';
import { CommitSignal, followLog } from '../follow-log';
import { EsdbCatalog } from './esdb-catalog';
import { EsdbCatchUp } from './esdb-catch-up';
import { binaryEvent, END, openEsdbClient, type EsdbClient, type EsdbClientLibrary, type ExpectedRevision } from './esdb-client';
import { EsdbGateway, type EsdbEvent } from './esdb-gateway';
import { eventId, StreamNames } from './esdb-ids';
import { NonceClaims, type Claim } from './esdb-nonce-claims';

export interface EsdbEventStoreOptions {
  /**
   * `esdb://host:port[,host:port...]?tls=false`, an `esdb+discover://` string, or the same
   * as `kurrentdb://` / `kurrentdb+discover://` (also `kurrent`, `kdb`).
   */
  readonly connectionString: string;
  /** The client library (default: by the connection string's scheme; esdb-client.ts). */
  readonly client?: EsdbClientLibrary;
  /** The ledger these streams belong to; part of every event id. */
  readonly ledgerId: string;
  /** Stream name prefix for this ledger (default `writ-<ledgerId>.`). */
  readonly streamPrefix?: string;
  /** Largest total `data` of one append request in UTF-8 bytes (default 1 MiB). */
  readonly maxAppendBytes?: number;
  /** The server's MaxAppendSize (data + metadata + type per request; default 1 MiB). */
  readonly serverMaxAppendSize?: number;
  /** Claim (actor, nonce) marker streams so replicas cannot store one pair twice (default true). */
  readonly nonceClaims?: boolean;
  /** Retries of a call whose outcome is unknown (default 20), with backoff from `retryDelayMs` (default 25). */
  readonly retries?: number;
  readonly retryDelayMs?: number;
  /** Fallback poll for commits by other handles when the live subscription is quiet (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** Events per read of $all (default 1000). */
  readonly pageSize?: number;
}

interface Encoded {
  readonly events: EsdbEvent[];
}

const CONTENT_TYPE = 'application/octet-stream';

export class EsdbEventStore implements EventStore {
  private readonly client: EsdbClient;
  private readonly gateway: EsdbGateway;
  private readonly claims: NonceClaims;
  private readonly catchingUp: EsdbCatchUp;
  readonly names: StreamNames;
  private readonly catalog = new EsdbCatalog();
  private readonly commits = new CommitSignal();
  private readonly closing = new AbortController();
  private readonly settings: Required<Omit<EsdbEventStoreOptions, 'connectionString' | 'client' | 'ledgerId' | 'streamPrefix'>>;
  private writeChain: Promise<unknown> = Promise.resolve();
  private live: { unsubscribe(): Promise<void> } | undefined;
  private closed = false;

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.client = openEsdbClient(options.connectionString, options.client);
    this.names = new StreamNames(options.streamPrefix ?? `writ-${options.ledgerId}.`);
    this.settings = {
      maxAppendBytes: options.maxAppendBytes ?? DEFAULT_MAX_APPEND_BYTES,
      serverMaxAppendSize: options.serverMaxAppendSize ?? DEFAULT_MAX_APPEND_BYTES,
      nonceClaims: options.nonceClaims ?? true,
      retries: options.retries ?? 20,
      retryDelayMs: options.retryDelayMs ?? 25,
      pollIntervalMs: options.pollIntervalMs ?? 500,
      pageSize: options.pageSize ?? 1000,
    };
    this.gateway = new EsdbGateway(this.client, this.settings, () => this.closed);
    this.catchingUp = new EsdbCatchUp(this.gateway, this.names, this.catalog, this.settings.pageSize);
    this.claims = new NonceClaims(this.gateway, this.names, options.ledgerId, this.catalog, () => this.catchUp());
  }

  /** The client library this handle talks through. */
  get clientLibrary(): EsdbClientLibrary {
    return this.client.library;
  }

  async appendBatch(requests: readonly AppendRequest[]): Promise<readonly AppendResult[]> {
    this.assertOpen();
    validateAppendBatch(requests, this.settings.maxAppendBytes);
    const encoded = requests.map((request, index) => this.encode(request, index));
    if (requests.length === 0) return [];
    return this.serialized(async () => {
      this.assertOpen();
      await this.catchUp();
      // Judged against the caught-up catalog plus what this batch wrote so far; the
      // written events are read back from $all once, after the whole batch.
      const batch: BatchState = { heads: new Map(), pairs: new Map() };
      const outcomes: Outcome[] = [];
      for (const [i, request] of requests.entries()) outcomes.push(await this.appendOne(request, encoded[i]!, batch));
      if (outcomes.some((o) => o.kind === 'written')) await this.catchUp();
      const results = outcomes.map((o) => this.resultOf(o));
      if (results.some((r) => r.status === 'appended' && r.events.length > 0)) this.commits.notify();
      return results;
    });
  }

  private resultOf(outcome: Outcome): AppendResult {
    if (outcome.kind === 'result') return outcome.result;
    const events = outcome.refs.map((ref) => this.catalog.at(ref.stream, ref.revision));
    if (events.some((e) => e === undefined)) {
      throw storeError('store.unavailable', 'an acknowledged write is not in $all yet', { retryable: true });
    }
    return { status: outcome.kind === 'written' ? 'appended' : 'duplicate', events: events as StoredEvent[] };
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const [result] = await this.appendBatch([request]);
    return result!;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<readonly StoredEvent[]> {
    validateReadOptions(options);
    this.assertOpen();
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    if (limit === 0) return [];
    await this.catchUp();
    const revisions = await this.gateway.revisions(this.names.data(stream), { fromRevision: options.fromRevision, backwards: options.direction === 'backwards', limit });
    if (revisions.some((r) => this.catalog.at(stream, r) === undefined)) await this.catchUp();
    return revisions.map((r) => this.catalog.at(stream, r)).filter((e): e is StoredEvent => e !== undefined);
  }

  async streamRevision(stream: string): Promise<StreamRevision | 'no_stream'> {
    this.assertOpen();
    return this.gateway.head(this.names.data(stream));
  }

  async readAll(fromPosition: number, limit: number): Promise<readonly StoredEvent[]> {
    validateRange(fromPosition, limit);
    this.assertOpen();
    await this.catchUp();
    return this.catalog.events.slice(fromPosition, fromPosition + limit);
  }

  subscribeAll(fromPosition: number, signal: AbortSignal): AsyncIterable<StoredEvent> {
    validateRange(fromPosition, 0);
    this.assertOpen();
    this.startLiveSubscription();
    const stop = AbortSignal.any([signal, this.closing.signal]);
    const source = {
      readPage: async (from: number, limit: number) => {
        try {
          return await this.readAll(from, limit);
        } catch (error) {
          if (stop.aborted) return [];
          throw error;
        }
      },
      commits: this.commits,
      pollIntervalMs: this.settings.pollIntervalMs,
      pageSize: this.settings.pageSize,
    };
    return followLog(source, fromPosition, stop);
  }

  async size(): Promise<number> {
    this.assertOpen();
    await this.catchUp();
    return this.catalog.events.length;
  }

  async findByActorNonce(actor: string, nonce: string): Promise<StoredEvent | undefined> {
    this.assertOpen();
    await this.catchUp();
    return this.catalog.find(actor, nonce);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    const live = this.live;
    this.live = undefined;
    await live?.unsubscribe().catch(() => undefined);
    // Bounded: the client waits for every call it knows of to finish.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.client.dispose().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
  }

  // --- appending -------------------------------------------------------------------

  private async appendOne(request: AppendRequest, encoded: Encoded, batch: BatchState): Promise<Outcome> {
    const originals = this.refsOf(request.events, batch);
    if (originals.length > 0) return { kind: 'duplicate', refs: originals };
    const head = batch.heads.get(request.stream) ?? this.catalog.head(request.stream);
    if (head !== request.expectedRevision) return { kind: 'result', result: conflict(request, head) };
    if (request.events.length === 0) return { kind: 'result', result: { status: 'appended', events: [] } };

    const claims: Claim[] = [];
    if (this.settings.nonceClaims) {
      for (const event of request.events) {
        const claim = await this.claims.claim(request, event);
        if (claim === 'taken') {
          await this.claims.release(claims);
          return { kind: 'duplicate', refs: this.refsOf(request.events, batch) };
        }
        claims.push(claim);
      }
    }

    const outcome = await this.gateway.write(this.names.data(request.stream), expectation(request.expectedRevision), encoded.events);
    const first = head === 'no_stream' ? 0 : head + 1;
    const refs = request.events.map((_, i) => ({ stream: request.stream, revision: first + i }));
    if (outcome.kind === 'conflict') {
      // A retried write can meet its own earlier attempt after others appended behind it.
      await this.catchUp();
      const stored = request.events.map((e) => this.catalog.find(e.actor, e.nonce));
      if (stored.every((e, i) => e !== undefined && e.stream === request.stream && e.revision === refs[i]!.revision)) {
        return this.wrote(request, refs, batch);
      }
      await this.claims.release(claims);
      return { kind: 'result', result: conflict(request, outcome.actual) };
    }
    return this.wrote(request, refs, batch);
  }

  private wrote(request: AppendRequest, refs: EventRef[], batch: BatchState): Outcome {
    batch.heads.set(request.stream, refs.at(-1)!.revision);
    request.events.forEach((e, i) => batch.pairs.set(JSON.stringify([e.actor, e.nonce]), refs[i]!));
    return { kind: 'written', refs };
  }

  /** Where each already-stored pair of these events is (in the catalog or earlier in this batch). */
  private refsOf(events: readonly EventToAppend[], batch: BatchState): EventRef[] {
    const refs: EventRef[] = [];
    for (const e of events) {
      const stored = this.catalog.find(e.actor, e.nonce);
      const ref = stored ? { stream: stored.stream, revision: stored.revision } : batch.pairs.get(JSON.stringify([e.actor, e.nonce]));
      if (ref) refs.push(ref);
    }
    return refs;
  }

  private encode(request: AppendRequest, index: number): Encoded {
    let bytes = 0;
    const events = request.events.map((e) => {
      const data = Buffer.from(e.data, 'utf8');
      const metadata = Buffer.from(JSON.stringify({ actor: e.actor, nonce: e.nonce, hash: e.hash }), 'utf8');
      bytes += data.length + metadata.length + Buffer.byteLength(e.type) + CONTENT_TYPE.length;
      return binaryEvent({ id: eventId(this.options.ledgerId, e.actor, e.nonce), type: e.type, data, metadata });
    });
    const limit = this.settings.serverMaxAppendSize;
    if (bytes > limit) {
      throw storeError('store.too_large', `request ${index}: ${bytes} bytes exceed the server's append limit of ${limit}`, { index, bytes, limit });
    }
    return { events };
  }

  // --- following $all --------------------------------------------------------------

  /** Brings the catalog up to the end of $all (esdb-catch-up.ts). */
  private catchUp(): Promise<void> {
    return this.catchingUp.run();
  }

  /** A filtered $all subscription from the end, used only to wake followers at once. */
  private startLiveSubscription(): void {
    if (this.live || this.closed) return;
    const subscription = this.client.subscribeToAll({ fromPosition: END, streamPrefixes: [this.names.dataPrefix] });
    subscription.on('data', () => this.commits.notify());
    subscription.on('error', () => {
      if (this.live === subscription) this.live = undefined;
    });
    this.live = subscription;
  }

  // --- plumbing --------------------------------------------------------------------

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const next = this.writeChain.then(run, run);
    this.writeChain = next.catch(() => undefined);
    return next;
  }

  private assertOpen(): void {
    if (this.closed) throw storeError('store.unavailable', 'the EventStoreDB store is closed', { retryable: false });
  }
}

interface EventRef {
  readonly stream: string;
  readonly revision: number;
}

/** What one batch has written so far, before it is read back from $all. */
interface BatchState {
  readonly heads: Map<string, number>;
  readonly pairs: Map<string, EventRef>;
}

type Outcome =
  | { readonly kind: 'written'; readonly refs: readonly EventRef[] }
  | { readonly kind: 'duplicate'; readonly refs: readonly EventRef[] }
  | { readonly kind: 'result'; readonly result: AppendResult };

function expectation(expected: AppendRequest['expectedRevision']): ExpectedRevision {
  return expected === 'no_stream' ? 'no_stream' : BigInt(expected);
}

function conflict(request: AppendRequest, actual: number | 'no_stream'): AppendResult {
  return {
    status: 'conflict',
    stream: request.stream,
    expected: request.expectedRevision,
    actual: actual === 'no_stream' ? actual : streamRevision(actual),
  };
}
