// An online backup under write load, restored into a new data directory: the copy
// verifies, holds every acknowledged event before its last recorded checkpoint (and
// every one acknowledged before the backup began), and serves again with read models
// built from the restored log.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Receipt } from '../../src/sdk';
import { writ, writAsync } from '../cli/cli-support';
import { party, ServiceWorld } from '../authorization/support/service-world';
import { startService, type ServiceProcess } from '../support/service-process';
import type { BackupSummary } from '../../src/application/backup/backup';

const started: ServiceProcess[] = [];
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'writ-backup-'));
});
afterAll(async () => {
  for (const s of started) await s.stop();
  for (const s of started) rmSync(dirname(s.dataDir), { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

interface Acked {
  readonly receipt: Receipt;
  readonly at: number;
}

test('a backup taken under write load restores to a verified, serving ledger', async () => {
  const service = await startService({ env: { WRIT_CHECKPOINT_INTERVAL_MS: '100' } });
  started.push(service);
  const w = new ServiceWorld(service);
  const acked: Acked[] = [];
  let writing = true;
  // Four clients registering principals back to back, each acknowledgement noted with its time.
  const writers = Array.from({ length: 4 }, async () => {
    while (writing) {
      const p = party('p');
      const r = await w.client.submit(w.signed(w.admin, 'registerPrincipal', { principalId: p.id, kind: 'human', name: 'P', publicKey: p.keys.publicKeyBase64Url }), 'registerPrincipal');
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      acked.push({ receipt: r.receipt, at: Date.now() });
    }
  });
  while (acked.length < 100) await new Promise((r) => setTimeout(r, 20));

  const out = join(work, 'writ.backup');
  const beganAt = Date.now();
  const backup = await writAsync('backup', '--store', service.dataDir, '--out', out, '--with-keys', '--json');
  const ackedDuring = acked.length;
  await new Promise((r) => setTimeout(r, 300)); // the load goes on after the copy
  writing = false;
  await Promise.all(writers);
  expect(backup.stderr).toBe('');
  expect(backup.code).toBe(0);
  const summary = backup.json<BackupSummary>();
  expect(summary.keys).toEqual(['ledger.key.json', 'admin.key.json']);
  expect(statSync(out).mode & 0o777).toBe(0o600);
  expect(acked.length).toBeGreaterThan(ackedDuring); // it was written to during and after the copy
  expect(summary.lastRecordedCheckpoint).toBeGreaterThan(100);

  // Restore and verify offline against the verifier key the service printed.
  const restoredDir = join(work, 'restored');
  const restore = writ('restore', '--in', out, '--store', restoredDir, '--json');
  expect(restore.stderr).toBe('');
  expect(restore.json<BackupSummary>()).toMatchObject({ events: summary.events, ledgerId: service.ledgerId, keys: ['ledger.key.json', 'admin.key.json'] });
  const verified = writ('verify', '--store', restoredDir, '--key', service.verifierKey);
  expect(verified.stdout).toContain('verified');
  expect(verified.code).toBe(0);

  // Every event acknowledged before the last recorded checkpoint, and before the backup began, is there as acknowledged.
  const db = new Database(join(restoredDir, 'writ.db'), { readonly: true });
  const hashAt = db.prepare<[number], { hash: string }>('SELECT hash FROM events WHERE position = ?');
  const mustHave = acked.filter((a) => a.receipt.leafIndex < summary.lastRecordedCheckpoint! || a.at < beganAt);
  expect(mustHave.length).toBeGreaterThanOrEqual(100);
  for (const a of mustHave) expect(hashAt.get(a.receipt.leafIndex)?.hash).toBe(a.receipt.envelopeHash);
  // And nothing past the copy: the log is a prefix, with no gap.
  expect((db.prepare('SELECT count(*) AS n, max(position) AS last FROM events').get() as { n: number; last: number })).toEqual({ n: summary.events, last: summary.events - 1 });
  db.close();

  // The restored directory serves: read models built from its log, new appends accepted.
  const again = await startService({ dataDir: restoredDir });
  started.push(again);
  expect(again.ledgerId).toBe(service.ledgerId);
  expect(again.created).toBe(false);
  const health = (await (await fetch(`${again.url}/healthz`)).json()) as { status: string; treeSize: number };
  expect(health.status).toBe('ok');
  expect(health.treeSize).toBeGreaterThanOrEqual(summary.events);
  w.moveTo(again);
  const newcomer = party('after');
  expect((await w.client.submit(w.signed(w.admin, 'registerPrincipal', { principalId: newcomer.id, kind: 'human', name: 'N', publicKey: newcomer.keys.publicKeyBase64Url }), 'registerPrincipal')).ok).toBe(true);
  // The read models were built from the restored log and follow it (none were restored).
  const deadline = Date.now() + 10_000;
  let lag = '';
  while (Date.now() < deadline) {
    lag = /^writ_read_model_lag_events\{model="projections"\} (\d+)$/m.exec(await (await fetch(`${again.url}/metrics`)).text())?.[1] ?? '';
    if (lag === '0') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(lag).toBe('0');
}, 120_000);

test('restore refuses a directory that holds a ledger, and says how to serve a keyless restore', async () => {
  const service = await startService();
  started.push(service);
  const out = join(work, 'keyless.backup');
  expect(writ('backup', '--store', service.dataDir, '--out', out).code).toBe(0);
  // Overwriting a backup or restoring over a ledger is refused, changing nothing.
  expect(writ('backup', '--store', service.dataDir, '--out', out)).toMatchObject({ code: 2, stderr: expect.stringContaining('already exists') });
  expect(writ('restore', '--in', out, '--store', service.dataDir)).toMatchObject({ code: 2, stderr: expect.stringContaining('restore into a new data directory') });
  const keyless = join(work, 'keyless');
  const restored = writ('restore', '--in', out, '--store', keyless);
  expect(restored.code).toBe(0);
  expect(restored.stdout).toContain('no key files');
  expect(writ('verify', '--store', keyless, '--key', service.verifierKey).code).toBe(0);
  const withKeys = join(work, 'with-keys');
  expect(writ('restore', '--in', out, '--store', withKeys, '--keys-from', service.dataDir, '--json').json<BackupSummary>().keys).toEqual(['ledger.key.json', 'admin.key.json']);
}, 60_000);
