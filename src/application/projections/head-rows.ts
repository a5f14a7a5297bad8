// The current version (head) of each row of one versioned table, as evolve reads it. Most
// events touch a row written shortly before, so heads are kept in memory (bounded).
//
// A new head is not written at once: if another version replaces it before it is stored,
// it is written once, already closed (INSERT, no UPDATE to set `vt` later). Live, the
// store writes the pending heads at the end of every transaction, so the file always
// holds whole versions; a bulk load writes them when the memory bound is reached and
// when it finishes (`storeHeads`).
//
// Rows are written sorted by (id, vf): the tables are keyed that way (WITHOUT ROWID), and
// inserting in key order costs a third of inserting in event order. A bulk load therefore
// gathers up to BULK_QUEUE closed versions before writing them.
import type Database from 'better-sqlite3';
import type { WriterRef } from './bulk-writer';
import { RowBuffer } from './row-buffer';
import { OPEN, type Versioned } from './rows';

type Row = Versioned & Readonly<Record<string, unknown>>;

const BULK_QUEUE = 100_000;

interface Head {
  readonly row: Row;
  /** pending: only in memory; stored: in the file, open; closed: replaced, written or queued closed. */
  state: 'pending' | 'stored' | 'closed';
}

export class HeadRows {
  private heads = new Map<string, Head>();
  private pending: Head[] = [];
  /** True while every head of the table is in `heads` (an empty table, nothing dropped yet). */
  private complete: boolean;
  private readonly readHead: Database.Statement;
  private readonly closeStored: Database.Statement;
  private readonly versions: RowBuffer;
  /** Versions to insert (closed ones, and heads being stored), in any order. */
  private queue: Row[] = [];

  constructor(
    db: Database.Database,
    readonly table: string,
    private readonly limit: number,
    private bulk = false,
    private readonly writer: WriterRef = { current: undefined },
  ) {
    const columns = (db.prepare(`SELECT * FROM ${table} LIMIT 0`).columns() as { name: string }[]).map((c) => c.name);
    this.versions = new RowBuffer(db, table, columns, writer);
    this.readHead = db.prepare(`SELECT * FROM ${table} WHERE id = ? ORDER BY vf DESC LIMIT 1`);
    this.closeStored = db.prepare(`UPDATE ${table} SET vt = ? WHERE id = ? AND vf = ?`);
    this.complete = db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined;
  }

  /** The head row of `id`, or undefined when there is none. */
  get(id: string): Row | undefined {
    const head = this.heads.get(id);
    if (head !== undefined) return head.row;
    if (this.complete) return undefined;
    // The file is read by this thread's connection: it must hold what was sent to the writer.
    this.writer.current?.sync();
    const row = this.readHead.get(id) as Row | undefined;
    if (row !== undefined && row.vt === OPEN) {
      this.keep({ row, state: 'stored' });
      return row;
    }
    return undefined;
  }

  /** Makes `row` (vf = the event's position, vt = OPEN) the head, closing the one it replaces. */
  put(row: Row): void {
    const previous = this.get(row.id) === undefined ? undefined : this.heads.get(row.id);
    if (previous !== undefined) {
      if (previous.state === 'pending') this.queue.push({ ...previous.row, vt: row.vf });
      else if (previous.state === 'stored') this.closeStoredRow(row.vf, previous.row);
      previous.state = 'closed';
    }
    const head: Head = { row, state: 'pending' };
    this.keep(head);
    this.pending.push(head);
  }

  /** Writes the versions closed so far (call inside a transaction); a bulk load waits for a full queue. */
  flushClosed(): void {
    if (!this.bulk || this.queue.length >= BULK_QUEUE) this.writeQueue();
  }

  /** Writes every pending head, open, and the closed versions (call inside a transaction). */
  storeHeads(): void {
    for (const head of this.pending) {
      if (head.state !== 'pending') continue;
      this.queue.push(head.row);
      head.state = 'stored';
    }
    this.pending = [];
    this.writeQueue();
  }

  /**
   * After a bulk load: everything is in the file; the memory the load held is released,
   * and from now on heads are written at the end of every transaction.
   */
  endBulk(): void {
    this.storeHeads();
    this.bulk = false;
    this.heads = new Map();
    this.complete = false;
  }

  private writeQueue(): void {
    if (this.queue.length > 1) this.queue.sort(byKey);
    for (const row of this.queue) this.versions.add(this.values(row));
    this.queue = [];
    this.versions.flush();
  }

  /** Forgets everything in memory (a failed transaction): the file is the truth again. */
  reset(): void {
    this.heads = new Map();
    this.pending = [];
    this.queue = [];
    this.complete = false;
    this.versions.clear();
  }

  private keep(head: Head): void {
    if (this.heads.size >= this.limit && !this.heads.has(head.row.id)) {
      // Bounded: store what only memory holds, then start over from the file.
      this.storeHeads();
      this.heads = new Map();
      this.complete = false;
    }
    this.heads.set(head.row.id, head);
  }

  private closeStoredRow(vt: number, row: Row): void {
    const writer = this.writer.current;
    if (writer) writer.run(this.closeStored.source, [vt, row.id, row.vf]);
    else this.closeStored.run(vt, row.id, row.vf);
  }

  private values(row: Row): unknown[] {
    return this.versions.columns.map((c) => row[c]);
  }
}

function byKey(a: Row, b: Row): number {
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.vf - b.vf;
}
