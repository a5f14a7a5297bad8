import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEventStoreContract, type EventStoreFixture } from '../event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

const options = { pollIntervalMs: 20, maxAppendBytes: 64 * 1024 };

async function fileStore(): Promise<EventStoreFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'writ-store-'));
  const path = join(dir, 'events.sqlite');
  const handles = [new SqliteEventStore(path, options)];
  const open = async () => {
    handles.push(new SqliteEventStore(path, options));
    return handles.at(-1)!;
  };
  return {
    store: handles[0]!,
    reopen: open,
    openAnother: open,
    cleanup: async () => {
      for (const handle of handles) await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function memoryStore(): Promise<EventStoreFixture> {
  const store = new SqliteEventStore(':memory:', options);
  return { store, cleanup: () => store.close() };
}

runEventStoreContract('SQLite file', fileStore, { persistence: true, crossHandleFollow: true, maxAppendBytes: options.maxAppendBytes });
runEventStoreContract('SQLite :memory:', memoryStore, { maxAppendBytes: options.maxAppendBytes });
