// The ordering WalSync promises: a commit is answered by a sync that started after it,
// commits made while a sync runs share the next one, and a failure is final.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '../event-store.port';
import { WalSync, type SyncFile } from './wal-sync';

let dir: string;
let wal: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'writ-wal-sync-'));
  wal = join(dir, 'writ.db-wal');
  writeFileSync(wal, 'frames');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A sync that finishes when the test says so. */
function manualSync(): { syncFile: SyncFile; started: () => number; finish: (error?: Error) => void } {
  const waiting: Array<(error: NodeJS.ErrnoException | null) => void> = [];
  let started = 0;
  return {
    syncFile: (_fd, done) => {
      started++;
      waiting.push(done);
    },
    started: () => started,
    finish: (error) => waiting.shift()!(error ?? null),
  };
}

const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  p.then(() => (done = true), () => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

test('a commit is answered when its sync finishes', async () => {
  const sync = manualSync();
  const walSync = new WalSync(wal, sync.syncFile);
  const commit = walSync.afterCommit();
  expect(sync.started()).toBe(1);
  expect(await settled(commit)).toBe(false);
  sync.finish();
  await expect(commit).resolves.toBeUndefined();
  walSync.close();
});

test('commits made while a sync runs wait for the next sync, and share it', async () => {
  const sync = manualSync();
  const walSync = new WalSync(wal, sync.syncFile);
  const first = walSync.afterCommit();
  const second = walSync.afterCommit();
  const third = walSync.afterCommit();
  expect(sync.started()).toBe(1);
  sync.finish();
  await first;
  // The running sync may have started before the second and third commits wrote.
  expect(await settled(second)).toBe(false);
  expect(sync.started()).toBe(2);
  sync.finish();
  await Promise.all([second, third]);
  expect(sync.started()).toBe(2);
  // Idle again: the next commit starts a sync at once.
  const fourth = walSync.afterCommit();
  expect(sync.started()).toBe(3);
  sync.finish();
  await fourth;
  walSync.close();
});

test('a failed sync fails its commits and every later one, without syncing again', async () => {
  const sync = manualSync();
  const walSync = new WalSync(wal, sync.syncFile);
  const first = walSync.afterCommit();
  const queued = walSync.afterCommit();
  sync.finish(new Error('EIO: i/o error'));
  const error = await first.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).problem.code).toBe('store.unavailable');
  await expect(queued).rejects.toBe(error);
  expect(() => walSync.assertWritable()).toThrow(StoreError);
  expect(() => walSync.afterCommit()).toThrow(StoreError);
  expect(sync.started()).toBe(1);
  walSync.close();
});

test('a WAL that cannot be opened is a failure too', async () => {
  const walSync = new WalSync(join(dir, 'missing-wal'));
  await expect(walSync.afterCommit()).rejects.toMatchObject({ problem: { code: 'store.unavailable' } });
});

test('the default sync is fdatasync on the real file', async () => {
  const walSync = new WalSync(wal);
  await expect(walSync.afterCommit()).resolves.toBeUndefined();
  walSync.close();
});
