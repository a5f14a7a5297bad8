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

/** Hashes per chunk: 2 MiB of hashes, so a million-leaf tree needs a few dozen chunks. */
const CHUNK = 65536;
const HASH_BYTES = 32;

interface Chunk {
  readonly hashes: Uint8Array;
  /** 1 where a hash was put: a store restored from a state holds only some positions. */
  readonly held: Uint8Array;
}

/**
 * A NodeStore in memory: about 2n hashes for n leaves, kept in flat chunks per level
 * rather than one small object per hash, so a large tree costs the garbage collector
 * next to nothing. Hashes are copied in and out: no caller holding a proof or a root
 * can change what the tree remembers.
 */
export class MemoryNodeStore implements NodeStore {
  private readonly levels: Chunk[][] = [];

  get(level: number, index: number): Uint8Array | undefined {
    const chunk = this.levels[level]?.[Math.floor(index / CHUNK)];
    const slot = index % CHUNK;
    if (chunk === undefined || chunk.held[slot] !== 1) return undefined;
    return chunk.hashes.slice(slot * HASH_BYTES, (slot + 1) * HASH_BYTES);
  }

  put(level: number, index: number, hash: Uint8Array): void {
    if (hash.length !== HASH_BYTES) throw new RangeError(`a node hash has ${HASH_BYTES} bytes, not ${hash.length}`);
    while (this.levels.length <= level) this.levels.push([]);
    const chunks = this.levels[level]!;
    const c = Math.floor(index / CHUNK);
    const chunk = (chunks[c] ??= { hashes: new Uint8Array(CHUNK * HASH_BYTES), held: new Uint8Array(CHUNK) });
    const slot = index % CHUNK;
    chunk.hashes.set(hash, slot * HASH_BYTES);
    chunk.held[slot] = 1;
  }
}
