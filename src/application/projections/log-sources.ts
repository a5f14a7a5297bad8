// Where the read models read the global log from: the running ledger (live batches and
// catch-up through eventAt) or an event store being replayed (`writ projections rebuild`).
import type { RecordedEvent } from '../../domain';
import type { EventStore } from '../../storage/event-store.port';
import { recordedFromEnvelope, recordedFromStored } from '../ledger/ledger-events';
import type { LedgerRuntime } from '../ledger/ledger-runtime';
import type { LogSource } from './read-models';

export function runtimeSource(runtime: Pick<LedgerRuntime, 'onEvents' | 'eventAt' | 'size'>): LogSource {
  return {
    onEvents: (listener) => runtime.onEvents(listener),
    readFrom: async (position, limit) => {
      const out: RecordedEvent[] = [];
      const end = Math.min(runtime.size(), position + limit);
      for (let p = position; p < end; p++) {
        const e = await runtime.eventAt(p);
        if (e === undefined) break;
        out.push(recordedFromEnvelope(JSON.parse(e.envelope), e.position));
      }
      return out;
    },
  };
}

export function storeSource(store: Pick<EventStore, 'readAll'>): LogSource {
  return {
    onEvents: () => undefined,
    readFrom: async (position, limit) => (await store.readAll(position, limit)).map((s) => recordedFromStored(s).recorded),
  };
}
