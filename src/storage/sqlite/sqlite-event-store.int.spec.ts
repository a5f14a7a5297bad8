// What only the SQLite adapter promises: its pragmas, read-only handles, several
// connections on one file, and lock waits that end in our error, not SQLite's.
import Database from 'better-sqlite3';
import { StoreError } from '../event-store.port';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';
import { oneEvent, tempStoreFile, type TempStoreFile } from './sqlite-test-support';

let file: TempStoreFile;
let opened: Array<{ close(): unknown }>;

function open(options: SqliteEventStoreOptions = {}): SqliteEventStore {
  const store = new SqliteEventStore(file.path, options);
  opened.push(store);
  return store;
}

function raw(): Database.Database {
  const db = new Database(file.path);
  opened.push(db);
  return db;
}

async function rejection(call: Promise<unknown>): Promise<StoreError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof StoreError)) throw new Error(`expected a StoreError, got ${String(error)}`);
  return error;
}

beforeEach(() => {
  file = tempStoreFile();
  opened = [];
});
afterEach(async () => {
  for (const handle of opened.reverse()) await handle.close();
  file.remove();
});

describe('durability and journal', () => {
  it('is durable by default: WAL with synchronous=FULL (2)', () => {
    expect(open().connectionInfo()).toMatchObject({ journalMode: 'wal', synchronous: 2, readonly: false });
    expect(raw().pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it("relaxes to synchronous=NORMAL (1) only when asked with durability 'normal'", () => {
    expect(open({ durability: 'normal' }).connectionInfo().synchronous).toBe(1);
  });

  it('waits for a busy file as long as busyTimeoutMs says', () => {
    expect(open({ busyTimeoutMs: 1234 }).connectionInfo().busyTimeoutMs).toBe(1234);
  });
});

describe('batches', () => {
  it('commit all or nothing: a failure in a later request rolls back the earlier ones', async () => {
    const store = open();
    // A trigger stands in for any failure inside the transaction (disk full, I/O error).
    raw().exec("CREATE TRIGGER fail BEFORE INSERT ON events WHEN NEW.stream = 'boom' BEGIN SELECT RAISE(ABORT, 'injected'); END");
    const refused = await rejection(store.appendBatch([oneEvent('s-1', 'no_stream', 'a'), oneEvent('boom', 'no_stream', 'b')]));
    expect(refused.problem).toMatchObject({ code: 'store.unavailable', details: { sqliteCode: 'SQLITE_CONSTRAINT_TRIGGER' } });
    expect(await store.size()).toBe(0);
    expect(await store.findByActorNonce('actor-1', 'a')).toBeUndefined();
    expect((await store.append(oneEvent('s-1', 'no_stream', 'a'))).status).toBe('appended');
  });
});

describe('following', () => {
  it('wakes followers on the same handle at commit, without waiting for a poll', async () => {
    const store = open({ pollIntervalMs: 60_000 });
    const controller = new AbortController();
    const arrived = (async () => {
      for await (const event of store.subscribeAll(0, controller.signal)) {
        controller.abort();
        return event.nonce;
      }
      return undefined;
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Far below the poll interval: only the commit signal can deliver in time.
    const deadline = setTimeout(() => controller.abort(), 1000);
    await store.append(oneEvent('s-1', 'no_stream', 'a'));
    expect(await arrived).toBe('a');
    clearTimeout(deadline);
  });
});

describe('read-only handles', () => {
  it('read what the writer committed, and refuse writes with store.read_only', async () => {
    const writer = open();
    await writer.append(oneEvent('s-1', 'no_stream', 'a'));
    const reader = open({ readonly: true });
    expect(reader.connectionInfo().readonly).toBe(true);
    expect(await reader.readStream('s-1')).toEqual(await writer.readStream('s-1'));
    const refused = await rejection(reader.append(oneEvent('s-1', 0, 'b')));
    expect(refused.code).toBe('store.read_only');
    expect(refused.message).toMatch(/read-only/);
    expect(await writer.size()).toBe(1);
  });

  it('follow a live writer by polling, as the CLI verifier does', async () => {
    const writer = open();
    const reader = open({ readonly: true, pollIntervalMs: 20 });
    const controller = new AbortController();
    const seen: number[] = [];
    const following = (async () => {
      for await (const event of reader.subscribeAll(0, controller.signal)) {
        seen.push(event.position);
        if (seen.length === 3) controller.abort();
      }
    })();
    for (const nonce of ['a', 'b', 'c']) {
      const head = await writer.streamRevision('s-1');
      await writer.append(oneEvent('s-1', head, nonce));
    }
    const timeout = setTimeout(() => controller.abort(), 5000);
    await following;
    clearTimeout(timeout);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('refuse to open a file that does not exist, with store.unavailable', () => {
    const error = (() => {
      try {
        new SqliteEventStore(file.path, { readonly: true });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('store.unavailable');
  });
});

describe('several connections on one file', () => {
  it('judge every append against the head on disk, not a head cached by the handle', async () => {
    const a = open();
    const b = open();
    await a.append(oneEvent('s-1', 'no_stream', 'a0'));
    await b.append(oneEvent('s-1', 0, 'b1'));
    expect(await a.append(oneEvent('s-1', 0, 'a1'))).toMatchObject({ status: 'conflict', actual: 1 });
    expect(await a.append(oneEvent('s-1', 'no_stream', 'b1'))).toMatchObject({ status: 'duplicate' });
    expect((await a.readAll(0, 10)).map((e) => [e.position, e.nonce])).toEqual([
      [0, 'a0'],
      [1, 'b1'],
    ]);
  });

  it('turn a lock held past busyTimeoutMs into a retryable store.unavailable, then carry on', async () => {
    const store = open({ busyTimeoutMs: 50 });
    const holder = raw();
    holder.exec('BEGIN IMMEDIATE');
    const refused = await rejection(store.append(oneEvent('s-1', 'no_stream', 'a')));
    expect(refused.code).toBe('store.unavailable');
    expect(refused.problem.details).toMatchObject({ retryable: true, sqliteCode: 'SQLITE_BUSY' });
    holder.exec('ROLLBACK');
    expect((await store.append(oneEvent('s-1', 'no_stream', 'a'))).status).toBe('appended');
  });
});
