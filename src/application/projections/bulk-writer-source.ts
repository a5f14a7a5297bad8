// The code of the bulk writer thread (bulk-writer.ts), as JavaScript text run with
// `eval: true`: the same worker then runs from `dist` and under jest (which compiles
// TypeScript in the test process only), as the signature workers do. It owns the only
// writing connection to a read-model file being rebuilt and does nothing but SQL.
//
// Messages in (in order, one transaction until the next commit):
//   { t: 'rows', table, columns, values, chunk }  rows inserted `chunk` per INSERT statement
//   { t: 'run', sql, params }              one statement
//   { t: 'exec', sql }                     DDL (the indexes at the end)
//   { t: 'commit', seq }                   COMMIT, then state[0] = seq (Atomics.notify)
//   { t: 'close', seq }                    COMMIT, close the file, then state[0] = seq
// After a failure (here, or opening the file) it rolls back, sets state[1] = 1, posts
// { error } on workerData.replies and ignores everything but close.
export const BULK_WRITER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
const replies = workerData.replies;
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
function fail(error) {
  failed = true;
  replies.postMessage({ error: String((error && error.message) || error) });
  Atomics.store(state, 1, 1);
}
let db;
try {
  const Database = require(workerData.sqlite);
  db = new Database(workerData.path);
  for (const pragma of workerData.pragmas) db.pragma(pragma);
} catch (error) {
  // Reported as any later failure is: the main thread throws it at its next call.
  fail(error);
  Atomics.notify(state, 0);
}
const statements = new Map();
let inTx = false;
function prepared(sql) {
  let stmt = statements.get(sql);
  if (stmt === undefined) {
    stmt = db.prepare(sql);
    statements.set(sql, stmt);
  }
  return stmt;
}
function insert(table, columns, rows) {
  const key = table + '|' + rows;
  let stmt = statements.get(key);
  if (stmt === undefined) {
    const one = '(' + columns.map(() => '?').join(', ') + ')';
    stmt = db.prepare('INSERT INTO ' + table + ' (' + columns.join(', ') + ') VALUES ' + Array.from({ length: rows }, () => one).join(', '));
    statements.set(key, stmt);
  }
  return stmt;
}
function begin() {
  if (!inTx) {
    db.exec('BEGIN');
    inTx = true;
  }
}
function commit() {
  if (inTx) {
    inTx = false;
    db.exec('COMMIT');
  }
}
function settle(seq) {
  Atomics.store(state, 0, seq);
  Atomics.notify(state, 0);
}
parentPort.on('message', (m) => {
  if (failed && m.t !== 'close') return;
  try {
    if (m.t === 'rows') {
      begin();
      const width = m.chunk * m.columns.length;
      const full = m.values.length - (m.values.length % width);
      for (let i = 0; i < full; i += width) insert(m.table, m.columns, m.chunk).run(m.values.slice(i, i + width));
      if (full < m.values.length) insert(m.table, m.columns, (m.values.length - full) / m.columns.length).run(m.values.slice(full));
    } else if (m.t === 'run') {
      begin();
      prepared(m.sql).run(m.params);
    } else if (m.t === 'exec') {
      commit();
      db.exec(m.sql);
    } else if (m.t === 'commit') {
      commit();
      settle(m.seq);
    } else if (m.t === 'close') {
      closing = true;
      if (!failed) commit();
      if (db !== undefined) db.close();
      settle(m.seq);
    }
  } catch (error) {
    try {
      if (inTx) db.exec('ROLLBACK');
    } catch {}
    inTx = false;
    fail(error);
    settle(m.seq === undefined ? Atomics.load(state, 0) : m.seq);
  }
});
`;
