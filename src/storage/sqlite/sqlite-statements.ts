// Every statement the adapter runs, prepared once per connection: preparing is the
// costly part of a small query, and appends run these in tight loops.
import type Database from 'better-sqlite3';
import type { StoredEvent } from '../event-store.port';

const COLUMNS = 'position, stream, revision, type, actor, nonce, hash, data';

/** SQLite's "no limit" for LIMIT clauses. */
export const NO_LIMIT = -1;
/** Larger than any revision, for reading a stream backwards from its end. */
export const LAST_REVISION = Number.MAX_SAFE_INTEGER;

/** Rows carry exactly the port's fields under the port's names; only the brands differ. */
type EventRow = StoredEvent;

export interface ReadStatements {
  readonly streamForwards: Database.Statement<[string, number, number], EventRow>;
  readonly streamBackwards: Database.Statement<[string, number, number], EventRow>;
  readonly head: Database.Statement<[string], { revision: number | null }>;
  readonly all: Database.Statement<[number, number], EventRow>;
  readonly size: Database.Statement<[], { size: number }>;
  readonly byActorNonce: Database.Statement<[string, string], EventRow>;
}

export interface WriteStatements {
  readonly insert: Database.Statement<[number, string, number, string, string, string, string, string]>;
}

export function prepareReads(db: Database.Database): ReadStatements {
  return {
    streamForwards: db.prepare(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
    ),
    streamBackwards: db.prepare(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    ),
    head: db.prepare('SELECT max(revision) AS revision FROM events WHERE stream = ?'),
    all: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position >= ? ORDER BY position ASC LIMIT ?`),
    // Positions are dense from 0, so the next position is max + 1 (found in the rowid b-tree).
    size: db.prepare('SELECT coalesce(max(position) + 1, 0) AS size FROM events'),
    byActorNonce: db.prepare(`SELECT ${COLUMNS} FROM events WHERE actor = ? AND nonce = ?`),
  };
}

export function prepareWrites(db: Database.Database): WriteStatements {
  return {
    insert: db.prepare(
      'INSERT INTO events (position, stream, revision, type, actor, nonce, hash, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };
}
