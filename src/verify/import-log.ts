// Importing an NDJSON export into a new data directory, verifying as it goes. The copy
// is a data directory like a ledger's own (`<dir>/writ.db`), without keys, so the service
// can serve it read-only (WRIT_READ_ONLY): never a bare file at the path given. Events are
// written to a new file beside the target and the file is renamed into place only when
// the whole export verified: a refused import leaves nothing behind.
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../storage/sqlite/sqlite-event-store';
import { finding } from './findings';
import { LogVerifier, type LogLine, type VerifyReport } from './log-verifier';
import type { TrustedKey } from './trusted-key';
import { feed } from './run-verify';
import { signatureChecker } from './signature-check';
import { InputError, openExport } from './sources';

export interface ImportOptions {
  readonly in: string;
  readonly store: string;
  readonly key?: TrustedKey;
  readonly workers?: number;
  readonly progress?: (done: number, total: number | undefined) => void;
}

export interface ImportReport extends VerifyReport {
  /** The store file inside the data directory (`<dir>/writ.db`). */
  readonly store: string;
  /** The data directory made for the copy. */
  readonly dataDir: string;
  readonly imported: boolean;
}

export async function importLog(options: ImportOptions): Promise<ImportReport> {
  const dataDir = options.store;
  checkNewDataDirectory(dataDir);
  const target = join(dataDir, 'writ.db');
  const reader = await openExport(options.in);
  if (reader.header.from !== 0) throw new InputError(`${options.in} starts at position ${reader.header.from}: only a whole export can be imported`);
  const made = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temp = `${target}.importing-${process.pid}`;
  await new SqliteEventStore(temp, { durability: 'normal' }).close();
  const db = new Database(temp);
  let report: VerifyReport;
  try {
    const insert = db.prepare('INSERT INTO events (position, stream, revision, type, actor, nonce, hash, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const writePage = db.transaction((page: LogLine[], upTo: number) => {
      for (const line of page) {
        if (line.position >= upTo) return;
        const e = JSON.parse(line.text) as { stream: string; revision: number; type: string; statement: { actor: string; nonce: string }; hash: string };
        insert.run(line.position, e.stream, e.revision, e.type, e.statement.actor, e.statement.nonce, e.hash, line.text);
      }
    });
    const verifier = new LogVerifier({
      ...(options.key ? { key: options.key } : {}),
      carriedCheckpoints: reader.header.checkpoint ? [reader.header.checkpoint] : [],
      signatures: signatureChecker(options.workers ?? 1),
    });
    // Only lines the verifier has passed are written; a failure stops both.
    await feed(verifier, reader.pages(), reader.header.to, options, (page) => writePage(page, verifier.running ? Number.MAX_SAFE_INTEGER : verifier.position - 1));
    report = await verifier.finish();
    const end = reader.end();
    if (report.ok && (end === undefined || end.end.count !== report.size || end.end.rootHash !== report.rootHash)) {
      report = { ...report, ok: false, findings: [finding(report.size, 'verify.log_truncated', 'the export has no matching end line: it was cut short or altered')] };
    }
    db.close();
  } catch (error) {
    if (db.open) db.close();
    removeStore(temp);
    if (made) rmdirSync(dataDir);
    throw error;
  }
  if (!report.ok) {
    removeStore(temp);
    if (made) rmdirSync(dataDir);
    return { ...report, store: target, dataDir, imported: false };
  }
  renameSync(temp, target);
  removeStore(temp);
  return { ...report, store: target, dataDir, imported: true };
}

/**
 * The copy goes into a directory of its own: a new one, or an empty one. A path that is
 * a file, or a directory already holding anything (a store, keys, read models of some
 * other ledger), is refused before the export is read.
 */
function checkNewDataDirectory(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  if (!statSync(dataDir).isDirectory()) throw new InputError(`${dataDir} already exists and is not a directory: --store takes a data directory to create`);
  if (readdirSync(dataDir).length > 0) throw new InputError(`${dataDir} is not empty: import only into a new or empty data directory`);
}

function removeStore(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}
