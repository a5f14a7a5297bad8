// Rows waiting to be written to one table by multi-row INSERTs: per row, the statement
// call costs more than the row's bytes, so rows are buffered flat (one array of values)
// and written a full chunk per statement as soon as a chunk is queued. Only callers
// inside a transaction add rows. Keeping the buffer small matters too: a large array of
// fresh values is rescanned by every young-generation GC.
//
// During a bulk load with a writer thread, rows go to that thread instead, many chunks per
// message: a message costs tens of µs however small it is.
import type Database from 'better-sqlite3';
import type { WriterRef } from './bulk-writer';

const MAX_VARIABLES = 999;
/** Values per message to a writer thread (about 1,000 event rows). */
const MESSAGE_VALUES = 16_384;

export class RowBuffer {
  // One array for a whole chunk, reused: the statement binds it before run() returns.
  private readonly values: unknown[];
  private length = 0;
  private readonly statements = new Map<number, Database.Statement>();
  private readonly chunk: number;
  /** Rows for the writer thread, posted (copied) when full or flushed. */
  private outgoing: unknown[] = [];

  constructor(
    private readonly db: Database.Database,
    readonly table: string,
    readonly columns: readonly string[],
    /** During a bulk load with a writer thread, chunks go there instead. */
    private readonly writer: WriterRef = { current: undefined },
  ) {
    this.chunk = Math.max(1, Math.floor(MAX_VARIABLES / columns.length));
    this.values = new Array<unknown>(this.chunk * columns.length).fill(null);
  }

  /** Queues one row (its values in the order of `columns`), writing a full chunk at once. */
  add(row: readonly unknown[]): void {
    const writer = this.writer.current;
    if (writer) {
      for (let i = 0; i < row.length; i++) this.outgoing.push(row[i]);
      if (this.outgoing.length >= MESSAGE_VALUES) this.post();
      return;
    }
    for (let i = 0; i < row.length; i++) this.values[this.length++] = row[i];
    if (this.length === this.values.length) {
      this.statement(this.chunk).run(this.values);
      this.length = 0;
    }
  }

  /** Writes what is queued (inside the caller's transaction). */
  flush(): void {
    if (this.outgoing.length > 0) this.post();
    if (this.length === 0) return;
    this.statement(this.length / this.columns.length).run(this.values.slice(0, this.length));
    this.length = 0;
  }

  /** Forgets what is queued (the transaction failed). */
  clear(): void {
    this.length = 0;
    this.outgoing = [];
  }

  private post(): void {
    // The writer thread cuts the rows into statements of the same chunk size.
    this.writer.current?.rows(this.table, this.columns, this.outgoing, this.chunk);
    this.outgoing = [];
  }

  private statement(rows: number): Database.Statement {
    let stmt = this.statements.get(rows);
    if (stmt === undefined) {
      const one = `(${this.columns.map(() => '?').join(', ')})`;
      stmt = this.db.prepare(`INSERT INTO ${this.table} (${this.columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`);
      this.statements.set(rows, stmt);
    }
    return stmt;
  }
}
