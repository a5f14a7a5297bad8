// Opening the SQLite file: connection pragmas, then the schema, migrated forward by
// version. `meta` records which schema a file has, so a later release can migrate an
// old file in place and an old release refuses a newer file instead of misreading it.
import Database from 'better-sqlite3';
import { storeError } from '../event-store.port';
import { translateSqliteError } from './sqlite-errors';

/** The application marker in `meta`, so we never adopt somebody else's database. */
export const STORE_APPLICATION = 'writ-event-store';

/** Migrations by target version: MIGRATIONS[0] takes an empty file to version 1. */
const MIGRATIONS: readonly string[] = [
  // `position` is the INTEGER PRIMARY KEY (the rowid), assigned explicitly as 0, 1, 2, ...
  // so it is the global position and the Merkle leaf index without any mapping.
  `CREATE TABLE events (
     position INTEGER PRIMARY KEY,
     stream   TEXT    NOT NULL,
     revision INTEGER NOT NULL,
     type     TEXT    NOT NULL,
     actor    TEXT    NOT NULL,
     nonce    TEXT    NOT NULL,
     hash     TEXT    NOT NULL,
     data     TEXT    NOT NULL,
     UNIQUE (stream, revision),
     UNIQUE (actor, nonce)
   ) STRICT`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export type Durability = 'full' | 'normal';

export interface OpenOptions {
  readonly readonly: boolean;
  readonly durability: Durability;
  readonly busyTimeoutMs: number;
}

/** Opens (and for a writable store creates or migrates) the file, or throws a StoreError. */
export function openDatabase(path: string, options: OpenOptions): Database.Database {
  if (options.readonly && path === ':memory:') {
    throw storeError('store.invalid_request', 'an in-memory store cannot be opened read-only');
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: options.readonly, fileMustExist: options.readonly, timeout: options.busyTimeoutMs });
    if (options.readonly) checkSchema(db);
    else prepareWritable(db, path, options.durability);
    return db;
  } catch (error) {
    db?.close();
    throw translateSqliteError(error, `open ${path}`);
  }
}

function prepareWritable(db: Database.Database, path: string, durability: Durability): void {
  // WAL lets readers (the CLI verifier, followers) work while the service writes.
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (path !== ':memory:' && mode !== 'wal') {
    throw storeError('store.unavailable', `could not switch ${path} to WAL mode (got ${String(mode)})`);
  }
  // FULL syncs the WAL on every commit: an acknowledged append survives power loss.
  // NORMAL in WAL mode syncs only at checkpoints: still never corrupt, but the last
  // transactions before a power loss or OS crash may be lost (a process crash loses nothing).
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  migrate(db);
}

function migrate(db: Database.Database): void {
  db.transaction(() => {
    const from = readVersion(db, true);
    for (let version = from; version < SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version]!);
    const upsert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    upsert.run('application', STORE_APPLICATION);
    upsert.run('schema_version', String(SCHEMA_VERSION));
  }).immediate();
}

function checkSchema(db: Database.Database): void {
  const version = readVersion(db, false);
  if (version !== SCHEMA_VERSION) {
    throw storeError('store.unavailable', `store schema version ${version} cannot be read by this release (${SCHEMA_VERSION})`, {
      version,
      supported: SCHEMA_VERSION,
    });
  }
}

/** The file's schema version: 0 for an empty file; refuses foreign or newer files. */
function readVersion(db: Database.Database, createMeta: boolean): number {
  if (!hasTable(db, 'meta')) {
    if (hasAnyTable(db)) throw storeError('store.unavailable', `${db.name} is not a Writ event store`);
    if (!createMeta) throw storeError('store.unavailable', `${db.name} holds no Writ event store yet`);
    db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
    return 0;
  }
  const get = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  if (get.get('application')?.value !== STORE_APPLICATION) {
    throw storeError('store.unavailable', `${db.name} is not a Writ event store`);
  }
  const version = Number(get.get('schema_version')?.value ?? '0');
  if (version > SCHEMA_VERSION) {
    throw storeError('store.unavailable', `store schema version ${version} is newer than this release supports (${SCHEMA_VERSION})`, {
      version,
      supported: SCHEMA_VERSION,
    });
  }
  return version;
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function hasAnyTable(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table'").get() !== undefined;
}
