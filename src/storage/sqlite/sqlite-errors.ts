// SQLite errors never leave the adapter: each becomes a `StoreError` with a `store.*`
// code, so callers match on our codes and never on SQLite's.
import { StoreError, storeError } from '../event-store.port';

/**
 * True for errors raised by SQLite itself. Checked by shape, not `instanceof`: the native
 * addon keeps the error class of whichever copy of the module loaded it first, so where
 * modules are loaded more than once (jest's per-file registries and realms) neither that
 * class nor its `Error` base need be the ones this file sees.
 */
export function isSqliteError(error: unknown): error is Error & { readonly code: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  return name === 'SqliteError' && typeof code === 'string' && typeof message === 'string';
}

/** Maps an error thrown while doing `action` to the port's errors; ours pass through. */
export function translateSqliteError(error: unknown, action: string): unknown {
  if (error instanceof StoreError || !isSqliteError(error)) return error;
  const { code } = error;
  const detail = { sqliteCode: code };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return storeError('store.unavailable', `${action}: the store is locked by another writer`, { ...detail, retryable: true }, error);
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return storeError('store.read_only', `${action}: the store cannot be written`, detail, error);
  }
  if (code === 'SQLITE_TOOBIG') {
    return storeError('store.too_large', `${action}: a value exceeds SQLite's size limit`, detail, error);
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // Appends judge revisions and duplicates under the write lock before inserting, so
    // this means another writer bypassed that lock. The whole batch was rolled back;
    // retrying it is what the handler does for any version conflict.
    return storeError('store.version_conflict', `${action}: ${error.message}`, { ...detail, retryable: true }, error);
  }
  return storeError('store.unavailable', `${action}: ${error.message}`, { ...detail, retryable: false }, error);
}
