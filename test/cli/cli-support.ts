// Running the real `writ` process from dist/, and damaging copies of real stores.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { encodeEnvelope, sealEnvelope, type Envelope } from '../../src/integrity/envelope';
import { streamRevision } from '../../src/integrity/brands';
import type { Statement } from '../../src/integrity/statement';
import { tempDir } from '../support/ledger-fixtures';
import { signAs, type BuilderActor } from '../support/ledger-builder';

const root = resolve(__dirname, '../..');
const main = resolve(root, 'dist/src/cli/main.js');
/** What `npx writ` runs: the package's bin entry. */
export const binEntry = (): string => resolve(root, (require(resolve(root, 'package.json')) as { bin: { writ: string } }).bin.writ);

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json<T = Record<string, unknown>>(): T;
}

export function writ(...args: string[]): CliRun {
  return writWith({}, ...args);
}

/** `writ` with variables added to its environment. */
export function writWith(env: Readonly<Record<string, string>>, ...args: string[]): CliRun {
  return run(main, env, args);
}

/** `writ` through the package's bin entry, as `npx writ` runs it. */
export function writBin(...args: string[]): CliRun {
  return run(binEntry(), {}, args);
}

function run(script: string, env: Readonly<Record<string, string>>, args: readonly string[]): CliRun {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: <T>() => JSON.parse(r.stdout) as T };
}

/** A copy of a built ledger's data directory (the store file and the ledger key). */
export function copyLedger(dataDir: string): string {
  const dir = tempDir('writ-copy-');
  mkdirSync(join(dir, 'keys'));
  for (const f of ['writ.db', 'writ.db-wal', 'writ.db-shm']) if (existsSync(join(dataDir, f))) copyFileSync(join(dataDir, f), join(dir, f));
  copyFileSync(join(dataDir, 'keys', 'ledger.key.json'), join(dir, 'keys', 'ledger.key.json'));
  return dir;
}

export function withDb<T>(dataDir: string, use: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'writ.db'));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

export const envelopeAt = (db: Database.Database, position: number): Envelope =>
  JSON.parse((db.prepare('SELECT data FROM events WHERE position = ?').get(position) as { data: string }).data) as Envelope;

export function writeEnvelope(db: Database.Database, position: number, envelope: Envelope | string): void {
  const data = typeof envelope === 'string' ? envelope : encodeEnvelope(envelope);
  db.prepare('UPDATE events SET data = ? WHERE position = ?').run(data, position);
}

/** Re-seals an edited envelope: its hash then matches, as a careful forger would make it. */
export function reseal(envelope: Envelope): Envelope {
  const { hash: _hash, ...fields } = envelope;
  return sealEnvelope(fields);
}

/**
 * Appends a correctly signed, sealed and chained envelope straight into the store,
 * bypassing decide: only the verifier's re-check of the rules can refuse it.
 */
export function forgeAppend(dataDir: string, by: BuilderActor, statement: Statement, type: string, stream: string, result?: unknown): number {
  return withDb(dataDir, (db) => {
    const position = (db.prepare('SELECT coalesce(max(position) + 1, 0) AS n FROM events').get() as { n: number }).n;
    const tip = db.prepare('SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1').get(stream) as { revision: number; hash: string } | undefined;
    const signed = signAs(by, statement);
    const envelope = sealEnvelope({
      v: 1,
      stream,
      revision: streamRevision(tip ? tip.revision + 1 : 0),
      prevHash: tip ? tip.hash : '0'.repeat(64),
      recordedAt: new Date().toISOString(),
      type,
      statement,
      signature: signed.signature,
      ...(result === undefined ? {} : { result }),
    });
    db.prepare('INSERT INTO events (position, stream, revision, type, actor, nonce, hash, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      position, stream, envelope.revision, type, statement.actor, statement.nonce, envelope.hash, encodeEnvelope(envelope),
    );
    return position;
  });
}

export interface Finding {
  position: number;
  code: string;
  message: string;
  path: string;
}

export interface Report {
  ok: boolean;
  size: number;
  rootHash: string;
  findings: Finding[];
  trustedCheckpoint?: { size: number; contained: boolean };
  checkpointsVerified: number;
  signatureEngine: string;
}

/** `writ` without blocking this process's event loop (while its clients keep a service busy). */
export function writAsync(...args: string[]): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T }));
  });
}
