// The read models in SQLite (a file beside the service, `:memory:` in tests). The store
// applies the rows evolveRows gives, closing each replaced version at the event's
// position, and remembers the last position applied in the same transaction, with the
// ledger it follows and that event's hash: what binds the file to one log (see
// read-model-binding.ts). Versioned rows go through HeadRows, append-only ones through
// EventRows (event-rows.ts); the file's meta is read in read-model-file.ts.
import Database from 'better-sqlite3';
import type { RecordedEvent } from '../../domain';
import { BehaviourRows } from './behaviour-rows';
import { BulkWriter, type WriterRef } from './bulk-writer';
import { EventRows } from './event-rows';
import { evolveRows } from './evolve-rows';
import { APPEND_ONLY_INDEXES, READ_MODEL_DDL, READ_MODEL_INDEXES, READ_MODEL_TABLES } from './projection-schema';
import { HeadRows } from './head-rows';
import type { ReadModelBinding } from './read-model-binding';
import { bindingIn, checkMeta } from './read-model-file';
import { OPEN, type RowChanges, type RowReader, type VersionedTable, type VersionedTables } from './rows';

const TABLES: readonly VersionedTable[] = ['principals', 'entitlements', 'agents', 'delegations', 'credentials'];

type Stmt = Database.Statement;

const HEAD_CACHE_ROWS = 200_000;

export interface ProjectionStoreOptions {
  /** SQLite page cache in MB (default 256; 2048 for a bulk load). */
  readonly cacheMb?: number;
  /**
   * A rebuild into a new file that replaces the old one when done: no journal, no syncs,
   * head rows and the position written and the secondary indexes built by finishBulk().
   */
  readonly bulk?: boolean;
  /** Head rows kept in memory per table (default 200,000). */
  readonly headCacheRows?: number;
  /**
   * Who writes a bulk load's rows: a second thread while this one evolves ('thread', the
   * default for a file), or this thread ('inline'; always for `:memory:`). Same rows.
   */
  readonly writer?: 'thread' | 'inline';
  /**
   * Keep the behaviour read model (baselines and `anomalies`; default true). Only the
   * bench turns it off, to measure its cost beside the same run with it on
   * (bench/behaviour.bench.ts); a store without it answers no anomalies.
   */
  readonly behaviour?: boolean;
}

export class ProjectionStore {
  readonly db: Database.Database;
  private bulk: boolean;
  private readonly heads: Record<VersionedTable, HeadRows>;
  private readonly asOf: Record<VersionedTable, Stmt>;
  private readonly eventRows: EventRows;
  private readonly behaviour: BehaviourRows | undefined;
  private readonly setPosition: Stmt;
  private readonly reader: RowReader;
  private appliedPosition: number;
  private ledgerId: string | undefined;
  private lastHash: string | undefined;
  /** A bulk load that failed: the rows held in memory are gone, so the file is useless. */
  private failed: Error | undefined;
  /** Set during a bulk load written by a second thread. */
  private readonly writer: WriterRef = { current: undefined };

  constructor(path = ':memory:', options: ProjectionStoreOptions = {}) {
    this.db = new Database(path);
    this.bulk = options.bulk ?? false;
    // The read models can always be rebuilt from the log: durability of the last commits
    // matters less than throughput, and a large page cache keeps random index inserts cheap.
    // A rebuild writes a temporary file that replaces the old one only when complete, so
    // it needs no journal at all (`bulk`); a crash just means rebuilding again.
    const pragmas = [
      this.bulk ? 'journal_mode = OFF' : 'journal_mode = WAL',
      this.bulk ? 'synchronous = OFF' : 'synchronous = NORMAL',
      `cache_size = -${(options.cacheMb ?? (this.bulk ? 2048 : 256)) * 1024}`,
      'temp_store = MEMORY',
    ];
    for (const pragma of pragmas) this.db.pragma(pragma);
    // Evolve reads only by primary key, so a bulk load defers the secondary indexes.
    for (const ddl of this.bulk ? READ_MODEL_TABLES : READ_MODEL_DDL) this.db.exec(ddl);
    checkMeta(this.db);
    if (this.bulk && (options.writer ?? 'thread') === 'thread' && path !== ':memory:' && path !== '') this.writer.current = new BulkWriter(path, pragmas);
    const each = <S>(f: (t: VersionedTable) => S) => Object.fromEntries(TABLES.map((t) => [t, f(t)])) as Record<VersionedTable, S>;
    this.heads = each((t) => new HeadRows(this.db, t, options.headCacheRows ?? HEAD_CACHE_ROWS, this.bulk, this.writer));
    this.asOf = each((t) => this.db.prepare(`SELECT * FROM ${t} WHERE id = ? AND vf <= ? ORDER BY vf DESC LIMIT 1`));
    this.eventRows = new EventRows(this.db, this.writer);
    this.timeOf = this.db.prepare('SELECT recorded_at FROM events WHERE position = ?').pluck();
    this.setPosition = this.db.prepare(
      `INSERT INTO meta (key, value) VALUES ('position', ?), ('hash', ?), ('ledger', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    ({ position: this.appliedPosition, hash: this.lastHash, ledgerId: this.ledgerId } = bindingIn(this.db));
    this.behaviour = (options.behaviour ?? true) ? new BehaviourRows(this.db, this.writer) : undefined;
    const head = <T extends VersionedTable>(t: T) => (id: string) => this.heads[t].get(id) as VersionedTables[T] | undefined;
    this.reader = { principal: head('principals'), entitlement: head('entitlements'), agent: head('agents'), delegation: head('delegations'), credential: head('credentials') };
  }

  /** The last global position applied; -1 before genesis. */
  get position(): number {
    return this.appliedPosition;
  }

  get binding(): ReadModelBinding {
    return { ledgerId: this.ledgerId, position: this.appliedPosition, hash: this.lastHash };
  }

  private get positionRow(): [string, string, string] {
    return [String(this.appliedPosition), this.lastHash ?? '', this.ledgerId ?? ''];
  }

  /**
   * Applies events in order in one transaction. Events at or below the applied position
   * are skipped (a live batch overlapping a catch-up); a gap is a bug and throws.
   */
  apply(events: readonly RecordedEvent[]): void {
    if (this.failed) throw this.failed;
    const todo = events.filter((e) => e.position > this.appliedPosition);
    if (todo.length === 0) return;
    const before = this.binding;
    try {
      this.transaction(todo);
    } catch (error) {
      ({ position: this.appliedPosition, hash: this.lastHash, ledgerId: this.ledgerId } = before);
      for (const table of TABLES) this.heads[table].reset();
      this.eventRows.clear();
      this.behaviour?.clear();
      // A failed bulk load is over (below); its writer thread may still hold the file.
      if (!this.writer.current) this.eventRows.resetChainIds();
      if (this.bulk) this.failed = error instanceof Error ? error : new Error(String(error));
      throw error;
    }
  }

  private readonly transaction = (events: readonly RecordedEvent[]) => {
    const writer = this.writer.current;
    if (writer) {
      // The writer thread holds the transaction and writes this page while the next one is
      // evolved; this connection only reads the file after a sync (HeadRows, settle).
      this.applyBatch(events);
      writer.commit();
      return;
    }
    this.applyTx ??= this.db.transaction((batch: readonly RecordedEvent[]) => this.applyBatch(batch));
    this.applyTx(events);
  };
  private applyTx: ((batch: readonly RecordedEvent[]) => void) | undefined;

  private applyBatch(batch: readonly RecordedEvent[]): void {
    for (const event of batch) {
      if (event.position !== this.appliedPosition + 1) {
        throw new Error(`read models: expected position ${this.appliedPosition + 1}, got ${event.position}`);
      }
      const ledgerId = event.statement.ledgerId;
      if (this.ledgerId !== undefined && ledgerId !== this.ledgerId) {
        throw new Error(`read models: this file follows ledger ${this.ledgerId}, not ${ledgerId} (position ${event.position})`);
      }
      this.write(evolveRows(this.reader, event), event);
      this.behaviour?.apply(event, (agentId) => this.reader.agent(agentId)?.owner_id ?? null);
      this.appliedPosition = event.position;
      this.lastHash = event.hash;
      this.ledgerId = ledgerId;
    }
    for (const table of TABLES) {
      if (this.bulk) this.heads[table].flushClosed();
      else this.heads[table].storeHeads();
    }
    this.eventRows.flush();
    this.behaviour?.flush();
    // A bulk load claims a position only once it is whole (finishBulk).
    if (!this.bulk) this.setPosition.run(...this.positionRow);
  }

  private write(changes: RowChanges, event: RecordedEvent): void {
    for (const { table, row } of changes.versions) this.heads[table].put({ ...row, vf: event.position, vt: OPEN, hash: event.hash });
    this.eventRows.add(changes);
  }

  /**
   * During a bulk load written by a second thread, waits until every page applied is in
   * the file (apply returns while the last page is still being written); throws what
   * failed there. Otherwise every apply is already in the file when it returns.
   */
  settle(): void {
    if (this.failed) throw this.failed;
    this.writer.current?.sync();
  }

  /** Ends a bulk load: writes the head rows and the position, builds the secondary indexes, turns the journal (WAL) on. */
  finishBulk(): void {
    if (this.failed) throw this.failed;
    const writer = this.writer.current;
    if (writer) {
      // The writer thread indexes the events while this one sorts the head rows for it.
      for (const ddl of APPEND_ONLY_INDEXES) writer.exec(ddl);
      for (const table of TABLES) this.heads[table].endBulk();
      writer.run(this.setPosition.source, this.positionRow);
      for (const ddl of READ_MODEL_INDEXES) if (!APPEND_ONLY_INDEXES.includes(ddl)) writer.exec(ddl);
      // Closing commits and waits: then the file is whole and this connection its only one.
      this.writer.current = undefined;
      writer.close();
    } else {
      this.db.transaction(() => {
        for (const table of TABLES) this.heads[table].endBulk();
        this.setPosition.run(...this.positionRow);
      })();
    }
    // Events applied after this (the file now stands for its position) are written as live.
    this.bulk = false;
    this.eventRows.resetChainIds();
    if (!writer) for (const ddl of READ_MODEL_INDEXES) this.db.exec(ddl);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
  }

  /** The version of a row valid at position P (P = the applied position for the head). */
  rowAt<T extends VersionedTable>(table: T, id: string, position: number): VersionedTables[T] | undefined {
    return this.asOf[table].get(id, position) as VersionedTables[T] | undefined;
  }

  /** The last position recorded at or before `ms`; -1 when none (recordedAt never goes back). */
  positionAtTime(ms: number): number {
    let lo = -1;
    let hi = this.appliedPosition;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi + 1) / 2);
      const t = this.timeAt(mid);
      if (t !== undefined && t <= ms) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The recordedAt (ms) of a position, or undefined beyond the applied log. */
  timeAt(position: number): number | undefined {
    return this.timeOf.get(position) as number | undefined;
  }

  private readonly timeOf: Stmt;

  close(): void {
    const writer = this.writer.current;
    this.writer.current = undefined;
    try {
      writer?.close();
    } catch {
      // A failed bulk load: the file is thrown away, and the failure was already thrown.
    }
    if (this.db.open) this.db.close();
  }
}
