// The embedded event store: one SQLite file (WAL) through better-sqlite3.
//
// - Durable by default: `durability: 'full'` (synchronous=FULL) syncs the WAL at every
//   commit, so an acknowledged append survives power loss. `'normal'` syncs only at WAL
//   checkpoints: faster, never corrupt, but the last transactions before a power loss or
//   OS crash can be lost (a crash of the process alone loses nothing).
// - `appendBatch` is one transaction; the service batches concurrent commands (group
//   commit) and signs one checkpoint per batch. better-sqlite3 is synchronous, so a batch
//   holds the event loop for its duration, fsync included: batching is what keeps that
//   to one sync per batch.
// - One writer per file: writes take SQLite's write lock (waiting up to `busyTimeoutMs`,
//   then `store.unavailable`, retryable). Any number of readers, including other
//   processes opening the file with `readonly: true` (the CLI verifying a live store).
// - `subscribeAll` is woken at once by commits through this handle and polls every
//   `pollIntervalMs` for commits made through other handles on the same file.
import { validateAppendBatch, validateRange, validateReadOptions, DEFAULT_MAX_APPEND_BYTES } from '../append-request.validation';
import { streamRevision, type StreamRevision } from '../../integrity/brands';
import {
  storeError,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type ReadStreamOptions,
  type StoredEvent,
} from '../event-store.port';
import { CommitSignal, followLog } from '../follow-log';
import { batchAppender } from './sqlite-append';
import { translateSqliteError } from './sqlite-errors';
import { openDatabase, type Durability } from './sqlite-schema';
import { LAST_REVISION, NO_LIMIT, prepareReads, prepareWrites, type ReadStatements } from './sqlite-statements';
import type Database from 'better-sqlite3';

export interface SqliteEventStoreOptions {
  /** `'full'` (default) or `'normal'`; see the header for the risk of `'normal'`. */
  readonly durability?: Durability;
  /** Open an existing store for reading only; appends fail with `store.read_only`. */
  readonly readonly?: boolean;
  /** How long a write waits for another connection's lock (default 5000 ms). */
  readonly busyTimeoutMs?: number;
  /** How often followers look for commits made through other handles (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** Largest total `data` of one append request in UTF-8 bytes (default 1 MiB). */
  readonly maxAppendBytes?: number;
  /** Events read per page while following (default 512). */
  readonly followPageSize?: number;
}

export interface SqliteConnectionInfo {
  readonly path: string;
  readonly readonly: boolean;
  /** `wal` for a file store (`memory` for `:memory:`). */
  readonly journalMode: string;
  /** SQLite's numbers: 2 = FULL, 1 = NORMAL. */
  readonly synchronous: number;
  readonly busyTimeoutMs: number;
}

export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly reads: ReadStatements;
  private readonly appendBatchNow: ((requests: readonly AppendRequest[]) => AppendResult[]) | undefined;
  private readonly commits = new CommitSignal();
  private readonly closing = new AbortController();
  private readonly settings: Required<Omit<SqliteEventStoreOptions, 'durability' | 'readonly'>>;

  /** Opens or creates the store at `path` (a file, or `':memory:'` for tests). */
  constructor(
    readonly path: string,
    options: SqliteEventStoreOptions = {},
  ) {
    this.settings = {
      busyTimeoutMs: options.busyTimeoutMs ?? 5000,
      pollIntervalMs: options.pollIntervalMs ?? 250,
      maxAppendBytes: options.maxAppendBytes ?? DEFAULT_MAX_APPEND_BYTES,
      followPageSize: options.followPageSize ?? 512,
    };
    const readonly = options.readonly ?? false;
    this.db = openDatabase(path, { readonly, durability: options.durability ?? 'full', busyTimeoutMs: this.settings.busyTimeoutMs });
    this.reads = this.run('prepare', () => prepareReads(this.db));
    this.appendBatchNow = readonly ? undefined : this.run('prepare', () => batchAppender(this.db, this.reads, prepareWrites(this.db)));
  }

  async appendBatch(requests: readonly AppendRequest[]): Promise<readonly AppendResult[]> {
    const append = this.appendBatchNow;
    this.assertOpen();
    if (!append) throw storeError('store.read_only', `${this.path} is open read-only`);
    validateAppendBatch(requests, this.settings.maxAppendBytes);
    if (requests.length === 0) return [];
    const results = this.run('append', () => append(requests));
    if (results.some((r) => r.status === 'appended' && r.events.length > 0)) this.commits.notify();
    return results;
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const [result] = await this.appendBatch([request]);
    return result!;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<readonly StoredEvent[]> {
    validateReadOptions(options);
    const limit = options.limit ?? NO_LIMIT;
    if (options.direction === 'backwards') {
      return this.run('read stream', () => this.reads.streamBackwards.all(stream, options.fromRevision ?? LAST_REVISION, limit));
    }
    return this.run('read stream', () => this.reads.streamForwards.all(stream, options.fromRevision ?? 0, limit));
  }

  async streamRevision(stream: string): Promise<StreamRevision | 'no_stream'> {
    const revision = this.run('read head', () => this.reads.head.get(stream)!.revision);
    return revision === null ? 'no_stream' : streamRevision(revision);
  }

  async readAll(fromPosition: number, limit: number): Promise<readonly StoredEvent[]> {
    validateRange(fromPosition, limit);
    return this.run('read all', () => this.reads.all.all(fromPosition, limit));
  }

  subscribeAll(fromPosition: number, signal: AbortSignal): AsyncIterable<StoredEvent> {
    validateRange(fromPosition, 0);
    const source = {
      readPage: (from: number, limit: number) => this.readAll(from, limit),
      commits: this.commits,
      pollIntervalMs: this.settings.pollIntervalMs,
      pageSize: this.settings.followPageSize,
    };
    return followLog(source, fromPosition, AbortSignal.any([signal, this.closing.signal]));
  }

  async size(): Promise<number> {
    return this.run('read size', () => this.reads.size.get()!.size);
  }

  async findByActorNonce(actor: string, nonce: string): Promise<StoredEvent | undefined> {
    return this.run('find by actor and nonce', () => this.reads.byActorNonce.get(actor, nonce));
  }

  /** How this connection is set up, read back from SQLite (for startup logs and checks). */
  connectionInfo(): SqliteConnectionInfo {
    return this.run('read pragmas', () => ({
      path: this.path,
      readonly: this.db.readonly,
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true })),
    }));
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Followers stop first, so none of them reads from a closed connection.
    this.closing.abort();
    this.db.close();
  }

  private assertOpen(): void {
    if (!this.db.open) throw storeError('store.unavailable', `${this.path} is closed`, { retryable: false });
  }

  /** Runs a synchronous SQLite call with vendor errors translated. */
  private run<T>(action: string, call: () => T): T {
    this.assertOpen();
    try {
      return call();
    } catch (error) {
      throw translateSqliteError(error, action);
    }
  }
}
