// The EventStoreDB event store, over `@eventstore/db-client` (gRPC). DESIGN.md, Storage.
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
//   adapter reads $all forwards from the last record it examined (the client's readAll
//   has no filter) and keeps the ledger's events in order in a catalog. An event's port
//   position is its rank among the ledger's events in $all, so every replica reading the
//   same $all derives the same positions, Merkle leaves and checkpoints. EventStoreDB
//   positions ({commit, prepare}) are stored to resume reading and compared for equality,
//   never used for arithmetic. Live following is woken by a filtered $all subscription
//   (stream-name prefix) and polls as a fallback.
// - (actor, nonce) uniqueness across streams, which SQLite gets from a unique index,
//   EventStoreDB cannot enforce atomically across streams. Closed in two layers:
//   (1) one adapter serialises its appends and checks its caught-up catalog first, so a
//   replay through the same handle is a clean `duplicate`; (2) across handles (service
//   replicas) each event first claims a marker stream `<prefix>n.<sha256(actor,nonce)>`
//   with an exact expected revision (NO_STREAM for the first claim). The claim records the
//   target stream and expected revision; a second claimer of the same pair meets a wrong
//   expected version, reads the claim, and then: finds the committed original (duplicate),
//   or sees that the claimed slot was taken by another event (the claim is stale: it is
//   released and claimed again), or refuses with a retryable `store.unavailable` while the
//   first claimer may still be writing. A claim whose data append conflicts is released.
//   Marker streams are outside the data prefix, so they never appear in the global log.
// - A batch is NOT atomic across streams (EventStoreDB cannot span streams): each request
//   is judged and written on its own, in order; a failure mid-batch leaves the earlier
//   requests written (each is idempotent to retry). Whole-call refusals (malformed, too
//   large) are still decided before anything is sent.
// - Appends over the server's MaxAppendSize (default 1 MiB, data + metadata + type) are
//   refused before sending with `store.too_large`; the server's own refusal maps to the same.
// - Vendor errors are translated (esdb-errors.ts): wrong expected version -> `conflict`
//   result; not leader / unavailable / deadline -> retried, then `store.unavailable` with
//   `retryable: true`.
// - Memory: the catalog holds the ledger's events (as the service's memory does anyway).
import { binaryEvent, END, EventStoreDBClient, FORWARDS, BACKWARDS, START, streamNameFilter, type AppendExpectedRevision } from '@eventstore/db-client';
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
import { EsdbCatalog, samePosition, type EsdbPosition } from './esdb-catalog';
import { isRetryableEsdbError, isStreamNotFound, isWrongExpectedVersion, translateEsdbError } from './esdb-errors';
import { claimId, eventId, releaseId, StreamNames } from './esdb-ids';

export interface EsdbEventStoreOptions {
  /** `esdb://host:port[,host:port...]?tls=false` or an `esdb+discover://` string. */
  readonly connectionString: string;
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
  readonly events: ReturnType<typeof binaryEvent>[];
}

type WriteOutcome = { readonly kind: 'ok' } | { readonly kind: 'conflict'; readonly actual: StreamRevision | 'no_stream' };

const CLAIMED = 'writ.nonce-claimed';
const RELEASED = 'writ.nonce-released';
const CONTENT_TYPE = 'application/octet-stream';

export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  readonly names: StreamNames;
  private readonly catalog = new EsdbCatalog();
  private readonly commits = new CommitSignal();
  private readonly closing = new AbortController();
  private readonly settings: Required<Omit<EsdbEventStoreOptions, 'connectionString' | 'ledgerId' | 'streamPrefix'>>;
  private writeChain: Promise<unknown> = Promise.resolve();
  private catchUpRunning: Promise<void> | undefined;
  private catchUpQueued: Promise<void> | undefined;
  private live: { unsubscribe(): Promise<void> } | undefined;
  private closed = false;

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
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
    const backwards = options.direction === 'backwards';
    const fromRevision = options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START;
    const revisions = await this.withRetry('read stream', async () => {
      const found: number[] = [];
      try {
        for await (const resolved of this.client.readStream(this.names.data(stream), {
          fromRevision,
          direction: backwards ? BACKWARDS : FORWARDS,
          maxCount: limit,
        })) {
          if (resolved.event) found.push(Number(resolved.event.revision));
        }
      } catch (error) {
        if (isStreamNotFound(error)) return [];
        throw error;
      }
      return found;
    });
    if (revisions.some((r) => this.catalog.at(stream, r) === undefined)) await this.catchUp();
    return revisions.map((r) => this.catalog.at(stream, r)).filter((e): e is StoredEvent => e !== undefined);
  }

  async streamRevision(stream: string): Promise<StreamRevision | 'no_stream'> {
    this.assertOpen();
    return this.withRetry('read head', async () => {
      // Read to the end, never break out: a ReadStream left before its end keeps the
      // gRPC call registered, and the client's dispose() then waits for it forever.
      let head: StreamRevision | 'no_stream' = 'no_stream';
      try {
        for await (const resolved of this.client.readStream(this.names.data(stream), { fromRevision: END, direction: BACKWARDS, maxCount: 1 })) {
          if (resolved.event) head = streamRevision(Number(resolved.event.revision));
        }
      } catch (error) {
        if (isStreamNotFound(error)) return 'no_stream' as const;
        throw error;
      }
      return head;
    });
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
        const claim = await this.claim(request, event);
        if (claim === 'taken') {
          await this.release(claims);
          return { kind: 'duplicate', refs: this.refsOf(request.events, batch) };
        }
        claims.push(claim);
      }
    }

    const outcome = await this.write(this.names.data(request.stream), expectation(request.expectedRevision), encoded.events);
    const first = head === 'no_stream' ? 0 : head + 1;
    const refs = request.events.map((_, i) => ({ stream: request.stream, revision: first + i }));
    if (outcome.kind === 'conflict') {
      // A retried write can meet its own earlier attempt after others appended behind it.
      await this.catchUp();
      const stored = request.events.map((e) => this.catalog.find(e.actor, e.nonce));
      if (stored.every((e, i) => e !== undefined && e.stream === request.stream && e.revision === refs[i]!.revision)) {
        return this.wrote(request, refs, batch);
      }
      await this.release(claims);
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

  /** Claims the (actor, nonce) marker stream for this request (see the header). */
  private async claim(request: AppendRequest, event: EventToAppend): Promise<Claim | 'taken'> {
    const stream = this.names.claim(event.actor, event.nonce);
    const id = claimId(this.options.ledgerId, event.actor, event.nonce, request.stream, request.expectedRevision);
    const body = JSON.stringify({ stream: request.stream, expectedRevision: request.expectedRevision, actor: event.actor, nonce: event.nonce });
    let expected: AppendExpectedRevision = 'no_stream';
    for (let attempt = 0; attempt < 8; attempt++) {
      const outcome = await this.write(stream, expected, [binaryEvent({ id, type: CLAIMED, data: Buffer.from(body, 'utf8') })]);
      if (outcome.kind === 'ok') return { stream, id };
      const last = await this.lastOf(stream);
      if (last === undefined) {
        expected = 'no_stream';
        continue;
      }
      if (last.type === RELEASED) {
        expected = BigInt(last.revision);
        continue;
      }
      await this.catchUp();
      if (this.catalog.find(event.actor, event.nonce)) return 'taken';
      const held = JSON.parse(last.data) as { stream: string; expectedRevision: number | 'no_stream' };
      const slot = held.expectedRevision === 'no_stream' ? 0 : held.expectedRevision + 1;
      const head = this.catalog.head(held.stream);
      if (head === 'no_stream' || head < slot) {
        throw storeError('store.unavailable', `(${event.actor}, ${event.nonce}) is being written by another writer`, { retryable: true });
      }
      // The claimed slot holds another event: that claim lost its race and is stale.
      await this.write(stream, BigInt(last.revision), [binaryEvent({ id: releaseId(last.id), type: RELEASED, data: Buffer.from('{}') })]);
      expected = BigInt(last.revision + 1);
    }
    throw storeError('store.unavailable', `(${event.actor}, ${event.nonce}): could not claim the pair`, { retryable: true });
  }

  private async release(claims: readonly Claim[]): Promise<void> {
    for (const claim of claims) {
      const last = await this.lastOf(claim.stream);
      if (last?.id !== claim.id) continue;
      await this.write(claim.stream, BigInt(last.revision), [binaryEvent({ id: releaseId(claim.id), type: RELEASED, data: Buffer.from('{}') })]);
    }
  }

  private async lastOf(stream: string): Promise<{ id: string; revision: number; type: string; data: string } | undefined> {
    return this.withRetry('read claim', async () => {
      let last: { id: string; revision: number; type: string; data: string } | undefined;
      try {
        for await (const resolved of this.client.readStream(stream, { fromRevision: END, direction: BACKWARDS, maxCount: 1 })) {
          const e = resolved.event;
          if (e) last = { id: e.id, revision: Number(e.revision), type: e.type, data: Buffer.from(e.data as Uint8Array).toString('utf8') };
        }
      } catch (error) {
        if (isStreamNotFound(error)) return undefined;
        throw error;
      }
      return last;
    });
  }

  /** One append at an exact expectation, retried with the same ids while its outcome is unknown. */
  private async write(stream: string, expected: AppendExpectedRevision, events: ReturnType<typeof binaryEvent>[]): Promise<WriteOutcome> {
    return this.withRetry('append', async () => {
      try {
        await this.client.appendToStream(stream, events, { expectedRevision: expected });
        return { kind: 'ok' } as const;
      } catch (error) {
        if (isWrongExpectedVersion(error)) {
          const actual = error.actualVersion;
          return { kind: 'conflict', actual: actual === 'no_stream' ? actual : streamRevision(Number(actual)) } as const;
        }
        throw error;
      }
    });
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

  /** Brings the catalog up to the end of $all; concurrent callers share the next pass. */
  private catchUp(): Promise<void> {
    if (!this.catchUpRunning) {
      this.catchUpRunning = this.readNew().finally(() => (this.catchUpRunning = undefined));
      return this.catchUpRunning;
    }
    if (!this.catchUpQueued) {
      this.catchUpQueued = this.catchUpRunning
        .catch(() => undefined)
        .then(() => {
          this.catchUpQueued = undefined;
          return this.catchUp();
        });
    }
    return this.catchUpQueued;
  }

  private async readNew(): Promise<void> {
    const page = this.settings.pageSize;
    for (;;) {
      const from: EsdbPosition | typeof START = this.catalog.lastExamined ?? START;
      const records = await this.withRetry('read $all', async () => {
        const read: Array<{ position: EsdbPosition; stream: string; revision: number; type: string; data: Uint8Array; metadata: unknown }> = [];
        for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: page, direction: FORWARDS })) {
          const e = resolved.event;
          if (!e?.position) continue;
          read.push({ position: e.position, stream: e.streamId, revision: Number(e.revision), type: e.type, data: e.data as Uint8Array, metadata: e.metadata });
        }
        return read;
      });
      for (const r of records) {
        if (samePosition(r.position, this.catalog.lastExamined)) continue;
        this.catalog.lastExamined = r.position;
        if (!this.names.isData(r.stream)) continue;
        const meta = r.metadata as { actor: string; nonce: string; hash: string };
        this.catalog.add({
          stream: this.names.portName(r.stream),
          revision: streamRevision(r.revision),
          type: r.type,
          actor: meta.actor,
          nonce: meta.nonce,
          hash: meta.hash,
          data: Buffer.from(r.data).toString('utf8'),
        }, r.position);
      }
      if (records.length < page) return;
    }
  }

  /** A filtered $all subscription from the end, used only to wake followers at once. */
  private startLiveSubscription(): void {
    if (this.live || this.closed) return;
    const subscription = this.client.subscribeToAll({
      fromPosition: END,
      filter: streamNameFilter({ prefixes: [this.names.dataPrefix] }),
    });
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

  private async withRetry<T>(action: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      this.assertOpen();
      try {
        return await call();
      } catch (error) {
        if (this.closed) throw storeError('store.unavailable', `${action}: the store is closed`, { retryable: false }, error);
        if (!isRetryableEsdbError(error) || attempt >= this.settings.retries) throw translateEsdbError(error, action);
        await new Promise((r) => setTimeout(r, Math.min(1000, this.settings.retryDelayMs * 2 ** Math.min(attempt, 6))));
      }
    }
  }

  private assertOpen(): void {
    if (this.closed) throw storeError('store.unavailable', 'the EventStoreDB store is closed', { retryable: false });
  }
}

interface Claim {
  readonly stream: string;
  readonly id: string;
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

function expectation(expected: AppendRequest['expectedRevision']): AppendExpectedRevision {
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
