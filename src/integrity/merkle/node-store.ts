// Where a tree keeps its node hashes. The tree writes each complete subtree hash once,
// when its last leaf arrives, and reads them back to build proofs and past roots, so
// a store needs no more than put and get. An adapter may keep them anywhere (memory
// here; a table beside the event store on the server).

/**
 * Hashes of complete, aligned subtrees. `(level, index)` names the subtree over leaves
 * [index·2^level, (index+1)·2^level); level 0 holds leaf hashes.
 */
export interface NodeStore {
  /** The stored hash, or undefined when this store does not hold it. */
  get(level: number, index: number): Uint8Array | undefined;
  /**
   * Stores a hash (32 bytes). A put for a position already held replaces it: after a
   * restore from an older state the tree rewrites positions it appends again.
   */
  put(level: number, index: number, hash: Uint8Array): void;
}

/**
 * A NodeStore in memory: about 2n hashes for n leaves. It copies hashes in and out, so
 * no caller holding a proof or a root can change what the tree remembers.
 */
export class MemoryNodeStore implements NodeStore {
  private readonly levels: Uint8Array[][] = [];

  get(level: number, index: number): Uint8Array | undefined {
    return this.levels[level]?.[index]?.slice();
  }

  put(level: number, index: number, hash: Uint8Array): void {
    while (this.levels.length <= level) this.levels.push([]);
    this.levels[level]![index] = hash.slice();
  }
}
