// The bulk writer's thread (bulk-writer.ts starts it on this module; see
// src/integrity/worker-thread.ts for how it runs from dist/ and from the sources). It
// owns the only writing connection to a read-model file being rebuilt and does nothing
// but SQL, in message order, one transaction until the next commit.
//
// After a failure (here, or opening the file) it rolls back, sets state[1] = 1, posts
// { error } on `replies` and ignores everything but close.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export type WriterMessage =
  /** Rows (one after another in `values`, in `columns` order), inserted `chunk` per INSERT statement. */
  | { readonly t: 'rows'; readonly table: string; readonly columns: readonly string[]; readonly values: readonly unknown[]; readonly chunk: number }
  /** One statement. */
  | { readonly t: 'run'; readonly sql: string; readonly params: readonly unknown[] }
  /** DDL (the indexes at the end), outside the rows' transaction. */
  | { readonly t: 'exec'; readonly sql: string }
  /** COMMIT, then state[0] = seq (Atomics.notify). */
  | { readonly t: 'commit'; readonly seq: number }
  /** COMMIT, close the file, then state[0] = seq. */
  | { readonly t: 'close'; readonly seq: number };

export interface WriterData {
  readonly path: string;
  readonly pragmas: readonly string[];
  /** Int32 [0]: the last seq settled; [1]: 1 once failed. */
  readonly state: SharedArrayBuffer;
  readonly replies: MessagePort;
}

const data = workerData as WriterData;
const state = new Int32Array(data.state);

// A thread that ends without being closed (an uncaught error) must not leave the main
// thread waiting in Atomics.wait, where it cannot hear the 'exit' event: set first, so
// that it also covers a failure to load SQLite or open the file below.
let closing = false;
process.on('exit', () => {
  if (closing) return;
  Atomics.store(state, 1, 1);
  Atomics.notify(state, 0);
});

let failed = false;
function fail(error: unknown): void {
  failed = true;
  data.replies.postMessage({ error: error instanceof Error ? error.message : String(error) });
  Atomics.store(state, 1, 1);
}

let db: Database.Database | undefined;
try {
  // Loaded here, not imported, so that a failure to load it is reported like any other (above).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Sqlite = require('better-sqlite3') as typeof Database;
  db = new Sqlite(data.path);
  for (const pragma of data.pragmas) db.pragma(pragma);
} catch (error) {
  // Reported as any later failure is: the main thread throws it at its next call.
  fail(error);
  Atomics.notify(state, 0);
}

const statements = new Map<string, Database.Statement>();
let inTx = false;

function prepared(sql: string): Database.Statement {
  let stmt = statements.get(sql);
  if (stmt === undefined) {
    stmt = db!.prepare(sql);
    statements.set(sql, stmt);
  }
  return stmt;
}

function insert(table: string, columns: readonly string[], rows: number): Database.Statement {
  const key = `${table}|${rows}`;
  let stmt = statements.get(key);
  if (stmt === undefined) {
    const one = `(${columns.map(() => '?').join(', ')})`;
    stmt = db!.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`);
    statements.set(key, stmt);
  }
  return stmt;
}

function begin(): void {
  if (!inTx) {
    db!.exec('BEGIN');
    inTx = true;
  }
}

function commit(): void {
  if (inTx) {
    inTx = false;
    db!.exec('COMMIT');
  }
}

function settle(seq: number): void {
  Atomics.store(state, 0, seq);
  Atomics.notify(state, 0);
}

function handle(m: WriterMessage): void {
  switch (m.t) {
    case 'rows': {
      begin();
      const width = m.chunk * m.columns.length;
      const full = m.values.length - (m.values.length % width);
      for (let i = 0; i < full; i += width) insert(m.table, m.columns, m.chunk).run(m.values.slice(i, i + width));
      if (full < m.values.length) insert(m.table, m.columns, (m.values.length - full) / m.columns.length).run(m.values.slice(full));
      return;
    }
    case 'run':
      begin();
      prepared(m.sql).run(m.params);
      return;
    case 'exec':
      commit();
      db!.exec(m.sql);
      return;
    case 'commit':
      commit();
      settle(m.seq);
      return;
    case 'close':
      closing = true;
      if (!failed) commit();
      db?.close();
      settle(m.seq);
  }
}

parentPort!.on('message', (m: WriterMessage) => {
  if (failed && m.t !== 'close') return;
  try {
    handle(m);
  } catch (error) {
    try {
      if (inTx) db!.exec('ROLLBACK');
    } catch {
      // The failure being reported is the one that matters.
    }
    inTx = false;
    fail(error);
    settle('seq' in m ? m.seq : Atomics.load(state, 0));
  }
});
