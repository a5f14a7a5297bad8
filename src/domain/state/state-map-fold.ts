// The verifiable state map kept beside the folded state: after each event, the records
// of the entities it changed are rehashed into the map. Only status-changing events
// (grants, revocations, suspensions, reviews, key rotations, ...) touch it.
import { StateMap, type StateSnapshot } from '../../integrity/state-map/state-map';
import type { RecordedEvent } from '../shared/events';
import type { LedgerState } from './ledger-state';
import { entitiesChangedBy, entityKey, statusRecord, statusRecordHash } from './status-records';

export class LedgerStateMap {
  readonly map = new StateMap();

  /** Call after `evolve(state, event)`, in global order; true when the map changed. */
  afterEvent(state: LedgerState, event: RecordedEvent): boolean {
    let changed = false;
    for (const { kind, id } of entitiesChangedBy(state, event)) {
      const record = statusRecord(state, kind, id);
      if (record === undefined) continue;
      this.map.set(entityKey(kind, id), statusRecordHash(record));
      changed = true;
    }
    return changed;
  }

  snapshot(): StateSnapshot {
    return this.map.snapshot();
  }

  rootHash(): Uint8Array {
    return this.map.rootHash();
  }
}
