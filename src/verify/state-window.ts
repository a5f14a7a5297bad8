// State map roots the verifier needs while streaming: a recorded checkpoint names a tree
// size at or before its own position, and its state line must be the map's root at that
// size. The map is persistent (an update copies its path), so each size where it changed
// keeps a snapshot; those before the latest size asked for are dropped, so memory follows
// the status changes since the latest recorded checkpoint, as RootWindow's leaves do.
import type { StateSnapshot } from '../integrity/state-map';

export class StateWindow {
  /** Ascending sizes (events folded) at which the map changed, with the map then. */
  private readonly sizes: number[] = [0];
  private readonly snapshots: StateSnapshot[];

  constructor(empty: StateSnapshot) {
    this.snapshots = [empty];
  }

  /** The map changed when `size` events had been folded. */
  changed(size: number, snapshot: StateSnapshot): void {
    const last = this.sizes.length - 1;
    if (this.sizes[last] === size) this.snapshots[last] = snapshot;
    else {
      this.sizes.push(size);
      this.snapshots.push(snapshot);
    }
  }

  /**
   * The root after `size` events, for sizes that never go back below one asked for
   * before (recorded checkpoints only grow); undefined for a size before that.
   */
  rootAt(size: number): Uint8Array | undefined {
    if (size < this.sizes[0]!) return undefined;
    let i = 0;
    while (i + 1 < this.sizes.length && this.sizes[i + 1]! <= size) i++;
    this.sizes.splice(0, i);
    this.snapshots.splice(0, i);
    return this.snapshots[0]!.rootHash();
  }
}
