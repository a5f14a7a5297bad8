// Fixtures for the EventStoreDB adapter specs: a fresh ledger prefix per store, so the
// stores of one spec file share a test server and $all holds other ledgers' events too.
import { randomUUID } from 'node:crypto';
import type { EventStoreFixture } from '../../src/storage/event-store.contract';
import { EsdbEventStore, type EsdbEventStoreOptions } from '../../src/storage/eventstoredb/esdb-event-store';

export function esdbFixtureFactory(
  connectionString: () => string,
  options: Partial<EsdbEventStoreOptions> = {},
): () => Promise<EventStoreFixture> {
  return async () => {
    const ledgerId = randomUUID();
    const open = () => new EsdbEventStore({ connectionString: connectionString(), ledgerId, pollIntervalMs: 50, ...options });
    const handles = [open()];
    const another = async () => {
      handles.push(open());
      return handles.at(-1)!;
    };
    return {
      store: handles[0]!,
      reopen: another,
      openAnother: another,
      cleanup: async () => {
        for (const handle of handles) await handle.close();
      },
    };
  };
}
