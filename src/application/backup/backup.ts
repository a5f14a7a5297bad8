// Online backup and restore of the embedded store. A backup is one SQLite file made with
// SQLite's backup API while the service may be writing: all pages are copied in a single
// step, which reads one snapshot of the WAL database, so the copy is a log prefix that
// was committed as a whole (never half a batch). Key files are left out unless asked for:
// the event log is public record, the ledger key is the ledger's authority. Asked for,
// they travel inside the same file (table `writ_backup_keys`), and the file is 0600.
// A restore writes a new data directory; the read models are not copied: the service
// builds them from the restored log when it starts.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ledgerFiles } from '../ledger/ledger-files';
import { recordedFromStored } from '../ledger/ledger-events';
import { SqliteEventStore } from '../../storage/sqlite/sqlite-event-store';
import { openDatabase } from '../../storage/sqlite/sqlite-schema';

export const KEYS_TABLE = 'writ_backup_keys';

/** What a backup or a restore holds. */
export interface BackupSummary {
  readonly file: string;
  readonly events: number;
  readonly ledgerId: string | undefined;
  /** Tree size of the latest checkpoint recorded in the log (every event before it is in the copy). */
  readonly lastRecordedCheckpoint: number | undefined;
  /** Key file names carried (backup) or written (restore). */
  readonly keys: readonly string[];
}

/** The key files of a data directory, by the names they have under `keys/`. */
function keyFilesOf(dataDir: string): string[] {
  const files = ledgerFiles(dataDir);
  return [files.ledgerKey, files.nextLedgerKey, files.adminKey].filter((path) => existsSync(path));
}

export class BackupRefused extends Error {}

/** Copies the store of `dataDir` (or a .db file) to `out`; `withKeys` adds the key files. */
export async function backupStore(store: string, out: string, withKeys: boolean): Promise<BackupSummary> {
  const isFile = store.endsWith('.db');
  const dataDir = isFile ? dirname(store) : store;
  const source = isFile ? store : ledgerFiles(dataDir).store;
  if (!existsSync(source)) throw new BackupRefused(`${source} does not exist: no ledger to back up`);
  if (existsSync(out)) throw new BackupRefused(`${out} already exists; refusing to overwrite it`);
  if (!existsSync(dirname(out))) throw new BackupRefused(`${dirname(out)} does not exist`);
  const partial = join(dirname(out), `.${basename(out)}.partial`);
  rmSync(partial, { force: true });
  const db = openDatabase(source, { readonly: true, durability: 'full', busyTimeoutMs: 5000 });
  try {
    // The first step only sizes the copy; the second copies every page at once (one snapshot).
    await db.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const keys = withKeys ? keyFilesOf(dataDir) : [];
  if (withKeys && !keys.some((k) => k === ledgerFiles(dataDir).ledgerKey)) {
    rmSync(partial, { force: true });
    throw new BackupRefused(`--with-keys: ${ledgerFiles(dataDir).ledgerKey} does not exist`);
  }
  const copy = new Database(partial);
  try {
    if (keys.length > 0) {
      copy.exec(`CREATE TABLE ${KEYS_TABLE} (name TEXT PRIMARY KEY, content TEXT NOT NULL) STRICT`);
      const put = copy.prepare(`INSERT INTO ${KEYS_TABLE} (name, content) VALUES (?, ?)`);
      for (const path of keys) put.run(basename(path), readFileSync(path, 'utf8'));
    }
    // One self-contained file: no -wal beside it.
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  chmodSync(partial, 0o600);
  renameSync(partial, out);
  return { ...(await summarize(out)), keys: keys.map((k) => basename(k)) };
}

/**
 * Restores a backup into `dataDir`, which must hold no ledger yet. Key files come from the
 * backup when it carries them, else from `keysFrom` (a data directory or its keys/), else
 * none: the restored store can then be verified, exported and replayed, not served.
 */
export async function restoreStore(input: string, dataDir: string, keysFrom?: string): Promise<BackupSummary> {
  if (!existsSync(input)) throw new BackupRefused(`${input} does not exist`);
  const files = ledgerFiles(dataDir);
  const taken = [files.store, files.ledgerKey, files.adminKey, files.readModels].filter((p) => existsSync(p));
  if (taken.length > 0) throw new BackupRefused(`${dataDir} already holds ${taken.join(', ')}: restore into a new data directory`);
  const source = openDatabase(input, { readonly: true, durability: 'full', busyTimeoutMs: 5000 });
  let bundled: { name: string; content: string }[];
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const partial = `${files.store}.partial`;
  try {
    bundled = hasKeysTable(source) ? source.prepare<[], { name: string; content: string }>(`SELECT name, content FROM ${KEYS_TABLE}`).all() : [];
    await source.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const restored = new Database(partial);
  try {
    restored.exec(`DROP TABLE IF EXISTS ${KEYS_TABLE}`);
    restored.pragma('journal_mode = WAL');
  } finally {
    restored.close();
  }
  renameSync(partial, files.store);
  const keys = bundled.length > 0 ? writeBundledKeys(bundled, files.ledgerKey) : keysFrom !== undefined ? copyKeys(keysFrom, dataDir) : [];
  return { ...(await summarize(files.store)), keys };
}

function hasKeysTable(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(KEYS_TABLE) !== undefined;
}

const KEY_NAMES = new Set(['ledger.key.json', 'ledger-next.key.json', 'admin.key.json']);

function writeBundledKeys(keys: readonly { name: string; content: string }[], ledgerKey: string): string[] {
  const dir = dirname(ledgerKey);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const written: string[] = [];
  for (const { name, content } of keys) {
    if (!KEY_NAMES.has(name)) continue; // only the names a data directory uses: never a path
    writeFileSync(join(dir, name), content, { mode: 0o600, flag: 'wx' });
    written.push(name);
  }
  return written;
}

function copyKeys(from: string, dataDir: string): string[] {
  const dir = existsSync(join(from, 'keys')) ? join(from, 'keys') : from;
  const target = dirname(ledgerFiles(dataDir).ledgerKey);
  const names = [...KEY_NAMES].filter((name) => existsSync(join(dir, name)));
  if (!names.includes('ledger.key.json')) throw new BackupRefused(`--keys-from: ${join(dir, 'ledger.key.json')} does not exist`);
  mkdirSync(target, { recursive: true, mode: 0o700 });
  for (const name of names) {
    copyFileSync(join(dir, name), join(target, name));
    chmodSync(join(target, name), 0o600);
  }
  return names;
}

async function summarize(file: string): Promise<Omit<BackupSummary, 'keys'>> {
  const store = new SqliteEventStore(file, { readonly: true });
  try {
    const events = await store.size();
    const [genesis] = await store.readAll(0, 1);
    const ledgerId = genesis === undefined ? undefined : recordedFromStored(genesis).recorded.statement.ledgerId;
    const last = lastCheckpointPosition(file);
    const [checkpoint] = last === undefined ? [] : await store.readAll(last, 1);
    const body = checkpoint === undefined ? undefined : (recordedFromStored(checkpoint).recorded.statement.body as { treeSize?: unknown });
    return { file, events, ledgerId, lastRecordedCheckpoint: typeof body?.treeSize === 'number' ? body.treeSize : undefined };
  } finally {
    await store.close();
  }
}

function lastCheckpointPosition(file: string): number | undefined {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare<[], { position: number }>("SELECT max(position) AS position FROM events WHERE type = 'checkpoint.recorded'").get();
    return row?.position ?? undefined;
  } finally {
    db.close();
  }
}
