// What a read-model file says about itself, in its meta table: the application and the
// schema version that made it (checked when it is opened as a store, or inspected
// without changing it) and the log it is bound to (see read-model-binding.ts).
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { READ_MODEL_APPLICATION, READ_MODEL_SCHEMA_VERSION } from './projection-schema';
import type { ReadModelBinding } from './read-model-binding';

/** Claims a new file as ours, or refuses one of another application or schema version. */
export function checkMeta(db: Database.Database): void {
  const get = (key: string) => (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  const app = get('application');
  if (app === undefined) {
    db.prepare("INSERT INTO meta VALUES ('application', ?), ('schema', ?)").run(READ_MODEL_APPLICATION, String(READ_MODEL_SCHEMA_VERSION));
    return;
  }
  if (app !== READ_MODEL_APPLICATION) throw new Error('this file is not a Writ read-model database');
  if (get('schema') !== String(READ_MODEL_SCHEMA_VERSION)) throw new Error(`read models: schema ${get('schema')} needs a rebuild (writ projections rebuild)`);
}

export function bindingIn(db: Database.Database): ReadModelBinding {
  const get = (key: string) => (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) || undefined;
  const position = get('position');
  return { ledgerId: get('ledger'), position: position === undefined ? -1 : Number(position), hash: get('hash') };
}

/** The log a current read-model file at `path` follows (see inspectReadModels), read without changing it. */
export function readBinding(path: string): ReadModelBinding {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return bindingIn(db);
  } finally {
    db.close();
  }
}

/**
 * What a read-model file at `path` holds, without changing it: 'absent' (no file),
 * 'current', 'outdated' (another schema version: a rebuild replaces it) or 'foreign'.
 */
export function inspectReadModels(path: string): 'absent' | 'current' | 'outdated' | 'foreign' {
  if (!existsSync(path)) return 'absent';
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
    const get = (key: string) => (hasMeta ? (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) : undefined);
    const application = get('application');
    if (application === undefined) return 'absent'; // an empty database: opened as a fresh one
    if (application !== READ_MODEL_APPLICATION) return 'foreign';
    return get('schema') === String(READ_MODEL_SCHEMA_VERSION) ? 'current' : 'outdated';
  } finally {
    db.close();
  }
}
