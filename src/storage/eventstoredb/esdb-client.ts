// The one place that knows which client library talks to the server. Two speak the same
// gRPC protocol (`event_store.client.*`, served by EventStoreDB 20.6+ and KurrentDB 25):
// `@eventstore/db-client` (6.x, the card's) and its maintained successor
// `@kurrent/kurrentdb-client` (1.x, the same code base renamed; its reads go through a
// native Rust client, `@kurrent/bridge`). The adapter uses the small `EsdbClient` below;
// the factory fills it from the chosen library, loaded only when first chosen.
//
// One library per process. Both libraries' generated protobuf code registers its message
// classes in one global namespace (`globalThis.proto.event_store.client.*`, as
// google-protobuf's generated CommonJS does) and looks them up there at call time, so the
// library loaded second replaces the first one's classes: the KurrentDB client's
// BatchAppend then fails on a field the older classes lack (`deadline_21_10_0`), and the
// older classes cannot serialize the newer CaughtUp. `claimClientLibrary` refuses a
// second library with a clear error instead of letting calls break later.
export type EsdbClientLibrary = 'eventstore' | 'kurrentdb';
export const ESDB_CLIENT_LIBRARIES: readonly EsdbClientLibrary[] = ['eventstore', 'kurrentdb'];

/** The packages behind each choice (npm names). */
export const CLIENT_PACKAGES: Readonly<Record<EsdbClientLibrary, string>> = {
  eventstore: '@eventstore/db-client',
  kurrentdb: '@kurrent/kurrentdb-client',
};

// The libraries' constants are these strings in both; kept here so that nothing but the
// factory loads a library.
export const START = 'start';
export const END = 'end';
export const FORWARDS = 'forwards';
export const BACKWARDS = 'backwards';

export interface EsdbPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** An exact expectation: the stream does not exist, or its last revision is this. */
export type ExpectedRevision = 'no_stream' | bigint;

/** An event to append, as both libraries' `binaryEvent` builds it. */
export interface EsdbEventData {
  readonly id: string;
  readonly contentType: 'application/octet-stream';
  readonly type: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array | undefined;
}

/** A recorded event as both libraries return it (the fields Writ reads). */
export interface EsdbRecord {
  readonly event?: {
    readonly streamId: string;
    readonly id: string;
    readonly revision: bigint;
    readonly type: string;
    readonly data: unknown;
    readonly metadata: unknown;
    readonly position?: EsdbPosition;
  };
}

export interface ReadStreamOptions {
  readonly fromRevision: typeof START | typeof END | bigint;
  readonly direction: typeof FORWARDS | typeof BACKWARDS;
  readonly maxCount: number;
}

export interface ReadAllOptions {
  readonly fromPosition: typeof START | typeof END | EsdbPosition;
  readonly direction: typeof FORWARDS | typeof BACKWARDS;
  readonly maxCount: number;
}

export interface SubscribeToAllOptions {
  readonly fromPosition: typeof START | typeof END | EsdbPosition;
  /** A server-side filter on stream-name prefixes (the library's `streamNameFilter`). */
  readonly streamPrefixes: readonly string[];
  readonly maxSearchWindow?: number;
  readonly checkpointInterval?: number;
  readonly checkpointReached?: (position: EsdbPosition) => void;
}

export interface LiveSubscription {
  on(event: 'data', listener: (record: EsdbRecord) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'caughtUp', listener: () => void): unknown;
  unsubscribe(): Promise<void>;
}

/** A successful append, as both libraries report it. */
export interface AppendResult {
  /** The stream's revision after the append. */
  readonly nextExpectedRevision: bigint;
  /** Where the append was committed in $all; absent for a retry the server recognised. */
  readonly position?: EsdbPosition;
}

/** What Writ calls on the server, over either library. */
export interface EsdbClient {
  readonly library: EsdbClientLibrary;
  /** Appends at an exact expectation; throws the library's errors (esdb-errors.ts reads both). */
  append(stream: string, events: readonly EsdbEventData[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(stream: string, options: ReadStreamOptions): AsyncIterable<EsdbRecord>;
  readAll(options: ReadAllOptions): AsyncIterable<EsdbRecord>;
  subscribeToAll(options: SubscribeToAllOptions): LiveSubscription;
  /** Waits for the calls it knows of, then closes the channel. */
  dispose(): Promise<void>;
}

export function binaryEvent(event: { id: string; type: string; data: Uint8Array; metadata?: Uint8Array }): EsdbEventData {
  return { id: event.id, contentType: 'application/octet-stream', type: event.type, data: Uint8Array.from(event.data), metadata: event.metadata && Uint8Array.from(event.metadata) };
}

// --- choosing the library ---------------------------------------------------------

const SCHEME = /^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\//;

/** True for a connection string either library can be given (after `connectionStringFor`). */
export function isEsdbConnectionString(url: string): boolean {
  return SCHEME.test(url) && url.length > url.indexOf('//') + 2;
}

/**
 * The library for a connection string: the explicit choice, else by scheme
 * (`esdb://`, `esdb+discover://` -> eventstore; `kurrentdb://`, `kurrent://`, `kdb://`
 * and their `+discover` forms -> kurrentdb).
 */
export function clientLibraryFor(url: string, explicit?: EsdbClientLibrary): EsdbClientLibrary {
  if (explicit) return explicit;
  return SCHEME.exec(url)?.[1] === 'esdb' ? 'eventstore' : 'kurrentdb';
}

/**
 * The connection string in the scheme the library parses: @eventstore/db-client knows
 * only `esdb`; the KurrentDB client accepts `esdb` with a deprecation warning on every
 * connect. Host list and settings are the same in both.
 */
export function connectionStringFor(url: string, library: EsdbClientLibrary): string {
  return url.replace(SCHEME, (_, _scheme: string, discover: string | undefined) => `${library === 'eventstore' ? 'esdb' : 'kurrentdb'}${discover ?? ''}://`);
}

let loadedLibrary: EsdbClientLibrary | undefined;

/** Records that this process uses `library`'s generated protocol code; refuses the other one. */
export function claimClientLibrary(library: EsdbClientLibrary): void {
  if (loadedLibrary !== undefined && loadedLibrary !== library) {
    throw new Error(
      `this process already uses ${CLIENT_PACKAGES[loadedLibrary]}; ${CLIENT_PACKAGES[library]} cannot be loaded beside it ` +
        '(both register their protobuf classes in one global namespace): use one EventStoreDB client library per process',
    );
  }
  loadedLibrary = library;
}

/** A client for the server(s) in `url`, over the chosen library (default: by scheme). */
export function openEsdbClient(url: string, explicit?: EsdbClientLibrary): EsdbClient {
  const library = clientLibraryFor(url, explicit);
  claimClientLibrary(library);
  const connectionString = connectionStringFor(url, library);
  // Each library is loaded here, not imported, so that a process which chose the other
  // one never loads it.
  if (library === 'eventstore') {
    const lib = require('@eventstore/db-client') as typeof import('@eventstore/db-client');
    const client = lib.EventStoreDBClient.connectionString(connectionString);
    const reader = { current: () => client, failed: () => undefined };
    return wrap(library, client, reader, lib.streamNameFilter, (stream, events, expectedRevision) => client.appendToStream(stream, events, { expectedRevision }));
  }
  const lib = require('@kurrent/kurrentdb-client') as typeof import('@kurrent/kurrentdb-client');
  const client = lib.KurrentDBClient.connectionString(connectionString);
  return wrap(library, client, renewableReader(() => lib.KurrentDBClient.connectionString(connectionString), client), lib.streamNameFilter, (stream, events, streamState) =>
    client.appendToStream(stream, events, { streamState }),
  );
}

/** Where reads go: one client, or one replaced after an unavailable read. */
interface Reader {
  current(): RawReader;
  /** Called with a read's failure before it is rethrown. */
  failed(error: unknown): void;
}

/**
 * The KurrentDB client reads (readStream, readAll) through its native Rust client, which
 * keeps its own connection and node selection. That reader moves to another node on a
 * not-leader answer, but when the node it reads from dies it keeps failing with
 * `unavailable` (seen against the test cluster; kurrentdb-rs `NodeConnection::next` keeps
 * the current node when the reconnect request names none), while the JS part of the
 * client rediscovers through gossip. So after an unavailable read the reads move to a new
 * client, whose reader discovers afresh on its first read; appends and subscriptions stay
 * on the first client.
 */
function renewableReader(connect: () => RawReader, first: RawReader): Reader {
  let current = first;
  return {
    current: () => current,
    failed: (error) => {
      if ((error as { type?: unknown } | null)?.type !== 'unavailable') return;
      const stale = current;
      current = connect();
      if (stale !== first) void stale.dispose().catch(() => undefined);
    },
  };
}

/** The reads of `iterable`, reporting a failure to the reader before rethrowing it. */
async function* reported<T>(iterable: AsyncIterable<T>, reader: Reader): AsyncIterable<T> {
  try {
    yield* iterable;
  } catch (error) {
    reader.failed(error);
    throw error;
  }
}

// The calls both libraries' clients answer alike: passing each client where this type is
// expected checks that they still do. appendToStream differs (`expectedRevision` in
// @eventstore/db-client, `streamState` in the KurrentDB client), so it is passed apart.
interface RawReader {
  readStream(stream: string, options: ReadStreamOptions): AsyncIterable<EsdbRecord>;
  readAll(options: ReadAllOptions): AsyncIterable<EsdbRecord>;
  dispose(): Promise<void>;
}

interface RawClient<Filter> extends RawReader {
  subscribeToAll(options: { fromPosition: SubscribeToAllOptions['fromPosition']; filter: Filter }): LiveSubscription;
}

interface FilterOptions {
  prefixes: string[];
  maxSearchWindow?: number;
  checkpointInterval?: number;
  checkpointReached?: (subscription: unknown, position: EsdbPosition) => void;
}

function wrap<Filter>(
  library: EsdbClientLibrary,
  raw: RawClient<Filter>,
  reader: Reader,
  streamNameFilter: (options: FilterOptions) => Filter,
  append: (stream: string, events: EsdbEventData[], expected: ExpectedRevision) => Promise<AppendResult>,
): EsdbClient {
  const filterOf = (options: SubscribeToAllOptions): FilterOptions => {
    const filter: FilterOptions = { prefixes: [...options.streamPrefixes] };
    if (options.maxSearchWindow !== undefined) filter.maxSearchWindow = options.maxSearchWindow;
    if (options.checkpointInterval !== undefined) filter.checkpointInterval = options.checkpointInterval;
    const reached = options.checkpointReached;
    if (reached) filter.checkpointReached = (_subscription, position) => reached(position);
    return filter;
  };
  return {
    library,
    append: async (stream, events, expected) => {
      const { nextExpectedRevision, position } = await append(stream, [...events], expected);
      return position ? { nextExpectedRevision, position } : { nextExpectedRevision };
    },
    readStream: (stream, options) => reported(reader.current().readStream(stream, options), reader),
    readAll: (options) => reported(reader.current().readAll(options), reader),
    subscribeToAll: (options) => raw.subscribeToAll({ fromPosition: options.fromPosition, filter: streamNameFilter(filterOf(options)) }),
    dispose: async () => {
      const readers = reader.current() === raw ? [] : [reader.current()];
      await Promise.all([raw, ...readers].map((c) => c.dispose()));
    },
  };
}
