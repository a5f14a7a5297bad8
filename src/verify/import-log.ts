// Importing an NDJSON export into an empty store, verifying as it goes. Events are
// written to a new file beside the target and the file is renamed into place only when
// the whole export verified: a refused import leaves nothing behind.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../storage/sqlite/sqlite-event-store';
import { finding } from './findings';
import { LogVerifier, type LogLine, type TrustedKey, type VerifyReport } from './log-verifier';
import { feed } from './run-verify';
import { signatureChecker } from './signature-check';
import { InputError, openExport, storePath } from './sources';

export interface ImportOptions {
  readonly in: string;
  readonly store: string;
  readonly key?: TrustedKey;
  readonly workers?: number;
  readonly progress?: (done: number, total: number | undefined) => void;
}

export interface ImportReport extends VerifyReport {
  readonly store: string;
  readonly imported: boolean;
}

export async function importLog(options: ImportOptions): Promise<ImportReport> {
  const target = storePath(options.store);
  if (existsSync(target)) throw new InputError(`${target} already exists: import only into an empty store`);
  const reader = await openExport(options.in);
  if (reader.header.from !== 0) throw new InputError(`${options.in} starts at position ${reader.header.from}: only a whole export can be imported`);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
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
    throw error;
  }
  if (!report.ok) {
    removeStore(temp);
    return { ...report, store: target, imported: false };
  }
  renameSync(temp, target);
  removeStore(temp);
  return { ...report, store: target, imported: true };
}

function removeStore(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}
