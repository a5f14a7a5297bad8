// State map roots the verifier needs while streaming: a recorded checkpoint names a tree
// size at or before its own position, and its state line must be the map's root at that
// size. The map itself only moves forward, changed in place (no copy per change); what
// changed since the last size asked for is kept as a journal of the keys and values set,
// beside a snapshot of the map at that size. A size with no change after it is the map's
// own root (the common case: nothing changed a status between the checkpoint's signing
// and its recording); otherwise the journal up to that size is replayed onto the
// snapshot. Memory follows the status changes since the latest recorded checkpoint, as
// RootWindow's leaves do.
import { StateMap, type StateSnapshot } from '../integrity/state-map';

interface Change {
  /** Events folded when it was made. */
  readonly size: number;
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

export class StateWindow {
  /** The map when `baseSize` events had been folded. */
  private base: StateSnapshot;
  private baseSize = 0;
  /** The changes made after `baseSize`, in order. */
  private readonly journal: Change[] = [];

  /** `live`: the map the verifier folds into, empty now. */
  constructor(private readonly live: StateMap) {
    this.base = live.snapshot();
  }

  /** The key was set to the value when `size` events had been folded. */
  changed(size: number, key: Uint8Array, value: Uint8Array): void {
    this.journal.push({ size, key, value });
  }

  /**
   * The root after `size` events (at most the events folded), for sizes that never go
   * back below one asked for before (recorded checkpoints only grow); undefined for a
   * size before that.
   */
  rootAt(size: number): Uint8Array | undefined {
    if (size < this.baseSize) return undefined;
    const later = this.journal.findIndex((c) => c.size > size);
    if (later < 0) {
      // Nothing changed after `size`: the live map is the map at `size`.
      this.base = this.live.snapshot();
      this.baseSize = size;
      this.journal.length = 0;
      return this.base.rootHash();
    }
    const then = StateMap.from(this.base);
    for (const c of this.journal.splice(0, later)) then.set(c.key, c.value);
    this.base = then.snapshot();
    this.baseSize = size;
    return this.base.rootHash();
  }
}
