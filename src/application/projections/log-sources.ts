// Where the read models read the global log from: the running ledger (live batches and
// catch-up in pages of committed events) or an event store being replayed
// (`writ projections rebuild`).
import type { EventStore } from '../../storage/event-store.port';
import { recordedFromStored } from '../ledger/ledger-events';
import type { LedgerRuntime } from '../ledger/ledger-runtime';
import type { LogSource } from './read-models';

export function runtimeSource(runtime: Pick<LedgerRuntime, 'onEvents' | 'readLog'>): LogSource {
  return {
    onEvents: (listener) => runtime.onEvents(listener),
    readFrom: (position, limit) => runtime.readLog(position, limit),
  };
}

export function storeSource(store: Pick<EventStore, 'readAll'>): LogSource {
  return {
    onEvents: () => undefined,
    readFrom: async (position, limit) => (await store.readAll(position, limit)).map((s) => recordedFromStored(s).recorded),
  };
}
