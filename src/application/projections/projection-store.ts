// The read models in SQLite (a file beside the service, `:memory:` in tests). The store
// applies the rows evolveRows gives, closing each replaced version at the event's
// position, and remembers the last position applied in the same transaction.
import Database from 'better-sqlite3';
import type { RecordedEvent } from '../../domain';
import { evolveRows } from './evolve-rows';
import { READ_MODEL_APPLICATION, READ_MODEL_DDL, READ_MODEL_INDEXES, READ_MODEL_SCHEMA_VERSION, READ_MODEL_TABLES } from './projection-schema';
import { OPEN, type RowChanges, type RowReader, type VersionedTable, type VersionedTables } from './rows';

const TABLES: readonly VersionedTable[] = ['principals', 'entitlements', 'agents', 'delegations', 'credentials'];

type Stmt = Database.Statement;

const HEAD_CACHE_ROWS = 200_000;
const APPEND_TABLES = ['events', 'decisions', 'hops'] as const;
type AppendTable = (typeof APPEND_TABLES)[number];
const APPEND_CHUNK = 64;

export interface ProjectionStoreOptions {
  /** SQLite page cache in MB (default 256; 2048 for a bulk load). */
  readonly cacheMb?: number;
  /**
   * A rebuild into a new file that replaces the old one when done: journal in memory, no syncs,
   * secondary indexes built by finishBulk().
   */
  readonly bulk?: boolean;
}

export class ProjectionStore {
  readonly db: Database.Database;
  private readonly head: Record<VersionedTable, Stmt>;
  private readonly asOf: Record<VersionedTable, Stmt>;
  private readonly close_: Record<VersionedTable, Stmt>;
  private readonly insert: Record<VersionedTable, Stmt>;
  // Append-only rows (events, decisions, hops) are buffered during a transaction and
  // written by multi-row INSERTs: statement overhead, not row size, bounds the rate.
  private readonly appendStatements = new Map<string, Stmt>();
  private readonly appends: Record<AppendTable, unknown[][]> = { events: [], decisions: [], hops: [] };
  private readonly setPosition: Stmt;
  private readonly reader: RowReader;
  private appliedPosition: number;

  constructor(path = ':memory:', options: ProjectionStoreOptions = {}) {
    this.db = new Database(path);
    // The read models can always be rebuilt from the log: durability of the last commits
    // matters less than throughput, and a large page cache keeps random index inserts cheap.
    // A rebuild writes a temporary file that replaces the old one only when complete, so
    // it needs no journal on disk (`bulk`); a crash just means rebuilding again.
    this.db.pragma(options.bulk ? 'journal_mode = MEMORY' : 'journal_mode = WAL');
    this.db.pragma(options.bulk ? 'synchronous = OFF' : 'synchronous = NORMAL');
    this.db.pragma(`cache_size = -${(options.cacheMb ?? (options.bulk ? 2048 : 256)) * 1024}`);
    this.db.pragma('temp_store = MEMORY');
    // Evolve reads only by primary key, so a bulk load defers the secondary indexes.
    for (const ddl of options.bulk ? READ_MODEL_TABLES : READ_MODEL_DDL) this.db.exec(ddl);
    this.checkMeta();
    const columns = (t: VersionedTable) => (this.db.prepare(`SELECT * FROM ${t} LIMIT 0`).columns() as { name: string }[]).map((c) => c.name);
    const each = (f: (t: VersionedTable) => Stmt) => Object.fromEntries(TABLES.map((t) => [t, f(t)])) as Record<VersionedTable, Stmt>;
    this.head = each((t) => this.db.prepare(`SELECT * FROM ${t} WHERE id = ? ORDER BY vf DESC LIMIT 1`));
    this.asOf = each((t) => this.db.prepare(`SELECT * FROM ${t} WHERE id = ? AND vf <= ? ORDER BY vf DESC LIMIT 1`));
    this.close_ = each((t) => this.db.prepare(`UPDATE ${t} SET vt = ? WHERE id = ? AND vt = ${OPEN}`));
    this.insert = each((t) => this.db.prepare(`INSERT INTO ${t} (${columns(t).join(', ')}) VALUES (${columns(t).map((c) => `@${c}`).join(', ')})`));
    this.timeOf = this.db.prepare('SELECT recorded_at FROM events WHERE position = ?').pluck();
    this.setPosition = this.db.prepare(`INSERT INTO meta (key, value) VALUES ('position', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    const row = this.db.prepare(`SELECT value FROM meta WHERE key = 'position'`).get() as { value: string } | undefined;
    this.appliedPosition = row === undefined ? -1 : Number(row.value);
    this.cache = Object.fromEntries(TABLES.map((t) => [t, new Map()])) as unknown as { [T in VersionedTable]: Map<string, VersionedTables[T]> };
    this.reader = {
      principal: (id) => this.headRow('principals', id),
      entitlement: (id) => this.headRow('entitlements', id),
      agent: (id) => this.headRow('agents', id),
      delegation: (id) => this.headRow('delegations', id),
      credential: (id) => this.headRow('credentials', id),
    };
  }

  // Head rows that evolve reads, kept as written: most events touch a row written shortly
  // before. Bounded; dropped whole when full or when a transaction fails.
  private readonly cache: { [T in VersionedTable]: Map<string, VersionedTables[T]> };

  private headRow<T extends VersionedTable>(table: T, id: string): VersionedTables[T] | undefined {
    const cached = this.cache[table].get(id);
    if (cached !== undefined) return cached;
    const row = this.head[table].get(id) as VersionedTables[T] | undefined;
    if (row !== undefined) this.remember(table, row);
    return row;
  }

  private remember<T extends VersionedTable>(table: T, row: VersionedTables[T]): void {
    const cache = this.cache[table];
    if (cache.size >= HEAD_CACHE_ROWS) cache.clear();
    cache.set(row.id, row);
  }

  /** The last global position applied; -1 before genesis. */
  get position(): number {
    return this.appliedPosition;
  }

  /**
   * Applies events in order in one transaction. Events at or below the applied position
   * are skipped (a live batch overlapping a catch-up); a gap is a bug and throws.
   */
  apply(events: readonly RecordedEvent[]): void {
    const todo = events.filter((e) => e.position > this.appliedPosition);
    if (todo.length === 0) return;
    const before = this.appliedPosition;
    try {
      this.transaction(todo);
    } catch (error) {
      this.appliedPosition = before;
      for (const table of TABLES) this.cache[table].clear();
      for (const table of APPEND_TABLES) this.appends[table] = [];
      throw error;
    }
  }

  private readonly transaction = (events: readonly RecordedEvent[]) => {
    this.applyTx ??= this.db.transaction((batch: readonly RecordedEvent[]) => {
      for (const event of batch) {
        if (event.position !== this.appliedPosition + 1) {
          throw new Error(`read models: expected position ${this.appliedPosition + 1}, got ${event.position}`);
        }
        this.write(evolveRows(this.reader, event), event);
        this.appliedPosition = event.position;
      }
      this.flushAppends();
      this.setPosition.run(String(this.appliedPosition));
    });
    this.applyTx(events);
  };
  private applyTx: ((batch: readonly RecordedEvent[]) => void) | undefined;

  private write(changes: RowChanges, event: RecordedEvent): void {
    for (const { table, row } of changes.versions) {
      const full = { ...row, vf: event.position, vt: OPEN, hash: event.hash };
      this.close_[table].run(event.position, row.id);
      this.insert[table].run(full);
      this.remember(table, full as VersionedTables[typeof table]);
    }
    const d = changes.decision;
    if (d) {
      this.appends.decisions.push([d.position, d.request_id, d.agent_id, d.owner_id, d.root_human_id, d.credential_id, d.delegation_id, d.action, d.resource, d.amount, d.outcome, d.reason, d.recorded_at, d.chain, d.hash]);
    }
    for (const h of changes.hops) this.appends.hops.push([h.delegation_id, h.position, h.capability, h.action, h.resource]);
    const e = changes.event;
    this.appends.events.push([e.position, e.recorded_at, e.type, e.stream, e.actor, e.agent_id, e.human_id, e.outcome, e.hash]);
  }

  private flushAppends(): void {
    for (const table of APPEND_TABLES) {
      const rows = this.appends[table];
      for (let i = 0; i < rows.length; i += APPEND_CHUNK) this.insertRows(table, rows.slice(i, i + APPEND_CHUNK));
      this.appends[table] = [];
    }
  }

  private insertRows(table: AppendTable, rows: readonly unknown[][]): void {
    const key = `${table}:${rows.length}`;
    let stmt = this.appendStatements.get(key);
    if (stmt === undefined) {
      const one = `(${rows[0]!.map(() => '?').join(', ')})`;
      stmt = this.db.prepare(`INSERT INTO ${table} VALUES ${rows.map(() => one).join(', ')}`);
      this.appendStatements.set(key, stmt);
    }
    stmt.run(rows.flat());
  }

  /** Ends a bulk load: builds the secondary indexes and turns the journal (WAL) on. */
  finishBulk(): void {
    for (const ddl of READ_MODEL_INDEXES) this.db.exec(ddl);
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

  private checkMeta(): void {
    const get = (key: string) => (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
    const app = get('application');
    if (app === undefined) {
      this.db.prepare("INSERT INTO meta VALUES ('application', ?), ('schema', ?)").run(READ_MODEL_APPLICATION, String(READ_MODEL_SCHEMA_VERSION));
      return;
    }
    if (app !== READ_MODEL_APPLICATION) throw new Error('this file is not a Writ read-model database');
    if (get('schema') !== String(READ_MODEL_SCHEMA_VERSION)) throw new Error(`read models: schema ${get('schema')} needs a rebuild (writ projections rebuild)`);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
