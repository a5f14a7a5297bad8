// Durability without holding the event loop. better-sqlite3 is synchronous: with
// synchronous=FULL, SQLite's fsync of the WAL at each commit stops the whole service
// (HTTP, GraphQL, the next batch's decisions) until the disk answers. Instead the
// connection runs with synchronous=NORMAL, under which a WAL-mode commit writes its
// frames to the WAL file without syncing them, and this syncs the WAL (fdatasync, on
// libuv's thread pool) after the commit; the store reports the commit only once that
// sync has finished. The guarantee is FULL's: every frame of a reported commit was
// written before a sync that completed, so it survives power loss. SQLite still syncs
// the WAL and the database itself around checkpoints, as it does under NORMAL.
//
// A failed sync cannot be retried safely (the kernel may already have dropped the dirty
// pages it could not write), so the first failure stops all later writes: the service
// must restart and recover from the file.
import { close, fdatasync, openSync } from 'node:fs';
import { storeError, type StoreError } from '../event-store.port';

export type SyncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

export class WalSync {
  private fd: number | undefined;
  /** The sync in progress, if any. */
  private running: Promise<void> | undefined;
  /** The sync that starts after `running`: commits made meanwhile share it. */
  private queued: Promise<void> | undefined;
  private failure: StoreError | undefined;

  constructor(
    private readonly walPath: string,
    private readonly syncFile: SyncFile = fdatasync,
  ) {}

  /** The failure that stopped writes, if a sync has failed. */
  get failed(): StoreError | undefined {
    return this.failure;
  }

  /** Throws the failure that stopped writes, if a sync has failed. */
  assertWritable(): void {
    if (this.failure) throw this.failure;
  }

  /** Resolves once everything written to the WAL before this call is on disk. */
  afterCommit(): Promise<void> {
    this.assertWritable();
    if (this.running === undefined) return this.syncNow();
    // The sync running may have started before this commit's frames were written: this
    // commit needs one that starts after it, which every commit made meanwhile shares.
    return (this.queued ??= this.running.then(
      () => this.syncQueued(),
      () => this.syncQueued(),
    ));
  }

  close(): void {
    if (this.fd !== undefined) close(this.fd, () => undefined);
    this.fd = undefined;
  }

  private syncQueued(): Promise<void> {
    this.queued = undefined;
    return this.syncNow();
  }

  private syncNow(): Promise<void> {
    const sync = new Promise<void>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      try {
        // The WAL exists once the first commit wrote to it; it stays the same file
        // (inode) while this connection is open, however SQLite resets or truncates it.
        this.fd ??= openSync(this.walPath, 'r');
      } catch (error) {
        return reject(this.fail(error as Error));
      }
      this.syncFile(this.fd, (error) => (error ? reject(this.fail(error)) : resolve()));
    });
    this.running = sync;
    const settled = () => {
      if (this.running === sync) this.running = undefined;
    };
    sync.then(settled, settled);
    return sync;
  }

  private fail(error: Error): StoreError {
    this.failure ??= storeError('store.unavailable', `the write-ahead log could not be synced to disk (${error.message}); no further appends are taken: restart the service`);
    return this.failure;
  }
}
