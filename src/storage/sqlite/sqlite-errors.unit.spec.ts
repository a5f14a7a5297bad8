// Real SQLite errors, provoked on an in-memory database, and the store error each becomes.
import Database from 'better-sqlite3';
import { StoreError } from '../event-store.port';
import { translateSqliteError } from './sqlite-errors';

function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE)');
  db.prepare("INSERT INTO t (id, k) VALUES (1, 'x')").run();
});
afterEach(() => db.close());

it.each([
  ['a unique index', "INSERT INTO t (id, k) VALUES (2, 'x')", 'SQLITE_CONSTRAINT_UNIQUE'],
  ['the integer key', "INSERT INTO t (id, k) VALUES (1, 'y')", 'SQLITE_CONSTRAINT_PRIMARYKEY'],
])('turns a violation of %s into a retryable store.version_conflict', (_, sql, sqliteCode) => {
  const translated = translateSqliteError(thrownBy(() => db.exec(sql)), 'append');
  expect(translated).toBeInstanceOf(StoreError);
  expect((translated as StoreError).problem).toMatchObject({
    code: 'store.version_conflict',
    details: { sqliteCode, retryable: true },
  });
});

it('turns any other SQLite error into a non-retryable store.unavailable, keeping the cause', () => {
  const original = thrownBy(() => db.exec('SELECT * FROM missing'));
  const translated = translateSqliteError(original, 'read') as StoreError;
  expect(translated.problem).toMatchObject({ code: 'store.unavailable', details: { retryable: false } });
  expect(translated.cause).toBe(original);
});

it('passes our own errors and non-SQLite errors through unchanged', () => {
  const ours = new StoreError({ code: 'store.too_large', message: 'big', path: '' });
  const bug = new TypeError('a bug stays a bug');
  expect(translateSqliteError(ours, 'append')).toBe(ours);
  expect(translateSqliteError(bug, 'append')).toBe(bug);
});
