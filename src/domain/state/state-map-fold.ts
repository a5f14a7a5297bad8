// The verifiable state map kept beside the folded state: after each event, the records
// of the entities it changed are rehashed into the map. Only status-changing events
// (grants, revocations, suspensions, reviews, key rotations, ...) touch it.
import { StateMap, type StateSnapshot } from '../../integrity/state-map/state-map';
import type { RecordedEvent } from '../shared/events';
import type { LedgerState } from './ledger-state';
import { entitiesChangedBy, entityKey, statusRecord, statusRecordHash, type StatusKind } from './status-records';

export type MapSet = (key: Uint8Array, value: Uint8Array) => void;

/** Keys remembered at most; past it the memory starts again (entities changed often stay cheap). */
const REMEMBERED_KEYS = 65_536;

export class LedgerStateMap {
  readonly map = new StateMap();
  /**
   * Map keys by `<kind>:<id>`: an entity changed again (a principal granted one more
   * entitlement, an agent reviewed) costs one SHA-256 call less.
   */
  private readonly keys = new Map<string, Uint8Array>();

  /**
   * Call after `evolve(state, event)`, in global order; true when the map changed.
   * `set` is told each key and value set.
   */
  afterEvent(state: LedgerState, event: RecordedEvent, set?: MapSet): boolean {
    let changed = false;
    for (const { kind, id } of entitiesChangedBy(state, event)) changed = this.take(state, kind, id, set) || changed;
    return changed;
  }

  /** Sets the entity's record as it is in `state`; false when the state has no such entity. */
  take(state: LedgerState, kind: StatusKind, id: string, set?: MapSet): boolean {
    const record = statusRecord(state, kind, id);
    if (record === undefined) return false;
    const key = this.keyOf(kind, id);
    const value = statusRecordHash(record);
    this.map.set(key, value);
    set?.(key, value);
    return true;
  }

  snapshot(): StateSnapshot {
    return this.map.snapshot();
  }

  rootHash(): Uint8Array {
    return this.map.rootHash();
  }

  private keyOf(kind: StatusKind, id: string): Uint8Array {
    const name = `${kind}:${id}`;
    let key = this.keys.get(name);
    if (key === undefined) {
      if (this.keys.size >= REMEMBERED_KEYS) this.keys.clear();
      key = entityKey(kind, id);
      this.keys.set(name, key);
    }
    return key;
  }
}
