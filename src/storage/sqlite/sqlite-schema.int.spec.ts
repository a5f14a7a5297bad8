// The file layout other tools rely on: the schema version in `meta`, the global
// position as the table's integer key, and refusal of files that are not ours.
import Database from 'better-sqlite3';
import { StoreError } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';
import { SCHEMA_VERSION, STORE_APPLICATION } from './sqlite-schema';
import { oneEvent, tempStoreFile, type TempStoreFile } from './sqlite-test-support';

let file: TempStoreFile;

beforeEach(() => {
  file = tempStoreFile();
});
afterEach(() => file.remove());

function withRaw<T>(use: (db: Database.Database) => T): T {
  const db = new Database(file.path);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function openingError(readonly = false): unknown {
  try {
    new SqliteEventStore(file.path, { readonly }).close();
  } catch (error) {
    return error;
  }
  return undefined;
}

it('records the application and schema version in meta', async () => {
  await new SqliteEventStore(file.path).close();
  const meta = withRaw((db) => db.prepare('SELECT key, value FROM meta ORDER BY key').all());
  expect(meta).toEqual([
    { key: 'application', value: STORE_APPLICATION },
    { key: 'schema_version', value: String(SCHEMA_VERSION) },
  ]);
});

it('keeps the global position as the integer primary key, from 0', async () => {
  const store = new SqliteEventStore(file.path);
  await store.appendBatch([oneEvent('s-1', 'no_stream', 'a'), oneEvent('s-2', 'no_stream', 'b'), oneEvent('s-1', 0, 'c')]);
  await store.close();
  const rows = withRaw((db) => db.prepare('SELECT rowid AS key, position, stream, revision FROM events ORDER BY rowid').all());
  expect(rows).toEqual([
    { position: 0, key: 0, stream: 's-1', revision: 0 },
    { position: 1, key: 1, stream: 's-2', revision: 0 },
    { position: 2, key: 2, stream: 's-1', revision: 1 },
  ]);
});

it('refuses a SQLite file that belongs to something else, leaving it untouched', () => {
  withRaw((db) => db.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY)'));
  const error = openingError();
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe('store.unavailable');
  expect(withRaw((db) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all())).toEqual(['accounts']);
});

it('refuses a store written by a newer release, writable or read-only', async () => {
  await new SqliteEventStore(file.path).close();
  withRaw((db) => db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION + 1)));
  for (const readonly of [false, true]) {
    const error = openingError(readonly);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).problem.details).toMatchObject({ version: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION });
  }
});

it('reopens its own file without migrating it again', async () => {
  const first = new SqliteEventStore(file.path);
  await first.append(oneEvent('s-1', 'no_stream', 'a'));
  await first.close();
  const second = new SqliteEventStore(file.path);
  expect(await second.size()).toBe(1);
  await second.close();
});

it('refuses to open an empty file read-only: there is no store to read yet', () => {
  withRaw(() => undefined);
  const error = openingError(true);
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).message).toMatch(/no Writ event store/);
});
