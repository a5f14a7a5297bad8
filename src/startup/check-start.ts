// What a start checks before anything is bound or written, so that the refusals an
// operator can fix are one line naming the setting (WRIT_DATA_DIR, WRIT_READ_ONLY, ...),
// not a stack trace from inside Nest. openLedger and openReadOnlyCopy check again what
// only an open store shows.
import { accessSync, constants, existsSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WritConfig } from '../config/writ-config';
import { checkDataDirectory, missingLedgerKey } from '../application/ledger/bootstrap';
import { ledgerFiles } from '../application/ledger/ledger-files';
import { StartRefused } from './start-refused';

export async function checkStart(config: WritConfig): Promise<void> {
  checkAccess(config.dataDir);
  if (config.readOnly) return checkCopy(config.dataDir);
  if (!config.newLedger) checkDataDirectory(config.dataDir, config.store);
  // The store is not opened to see whether it holds events: even a read-only SQLite
  // connection leaves -wal and -shm files behind, and nothing may be written yet.
  const files = ledgerFiles(config.dataDir);
  if (config.store.kind === 'sqlite' && existsSync(files.store) && !existsSync(files.ledgerKey)) throw new StartRefused(missingLedgerKey(config.dataDir));
}

/** The directory (and the files a ledger keeps there) must be readable and writable, or creatable. */
function checkAccess(dataDir: string): void {
  const refuse = (why: string) => {
    throw new StartRefused(`WRIT_DATA_DIR: ${why}: fix its permissions or set WRIT_DATA_DIR to the ledger's data directory`);
  };
  const stat = statOrCode(dataDir);
  if (typeof stat === 'string') {
    if (stat !== 'ENOENT' && stat !== 'ENOTDIR') refuse(`${dataDir} cannot be read (${stat})`);
    const parent = nearestExisting(dirname(dataDir));
    const parentStat = statOrCode(parent);
    if (typeof parentStat === 'string' || !parentStat.isDirectory()) refuse(`${dataDir} cannot be created: ${parent} is not a directory`);
    if (!accessible(parent, constants.W_OK | constants.X_OK)) refuse(`${dataDir} cannot be created: ${parent} is not writable`);
    return;
  }
  if (!stat.isDirectory()) refuse(`${dataDir} is not a directory`);
  if (!accessible(dataDir, constants.R_OK | constants.W_OK | constants.X_OK)) refuse(`${dataDir} cannot be read and written by this user`);
  const files = ledgerFiles(dataDir);
  for (const path of [files.store, join(dataDir, 'keys'), files.ledgerKey, files.adminKey, files.readModels]) {
    if (existsSync(path) && !accessible(path, constants.R_OK)) refuse(`${path} cannot be read by this user`);
  }
}

/** A copy to serve read-only holds a store; keys, when there, are left alone. */
function checkCopy(dataDir: string): void {
  if (!existsSync(ledgerFiles(dataDir).store)) {
    throw new StartRefused(`WRIT_DATA_DIR: ${dataDir} holds no store (writ.db) to serve read-only: make a copy with \`writ import --in <export> --store <dir>\` and point WRIT_DATA_DIR at it`);
  }
}

function statOrCode(path: string): Stats | string {
  try {
    return statSync(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EIO';
  }
}

function nearestExisting(path: string): string {
  for (let dir = path; ; dir = dirname(dir)) if (existsSync(dir) || dirname(dir) === dir) return dir;
}

function accessible(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}
