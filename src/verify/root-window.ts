// Merkle roots the verifier needs while streaming: the root of the whole log so far,
// and roots of past sizes named by recorded checkpoints. Nothing is kept per leaf except
// the leaf hashes after the latest recorded checkpoint, so memory follows the checkpoint
// interval, not the log's length; those are packed 32 bytes each (no object per leaf).
import { HASH_SIZE, leafHash, MerkleTree, type NodeStore } from '../integrity/merkle';

/** A store that keeps nothing: these trees only append and compute their current root. */
const NOWHERE: NodeStore = { get: () => undefined, put: () => undefined };

export class RootWindow {
  private readonly head = new MerkleTree(NOWHERE);
  /** A tree lagging behind head at the size of the latest checkpoint root asked for. */
  private readonly lag = new MerkleTree(NOWHERE);
  /** Leaf hashes from the lagging tree's size on: leaves start..end - 1 of `pending`. */
  private pending = new Uint8Array(HASH_SIZE * 1024);
  private start = 0;
  private end = 0;

  get size(): number {
    return this.head.size;
  }

  /** Appends a leaf by its input: the 32 raw bytes of an envelope hash. */
  append(envelopeHash: Uint8Array): void {
    const leaf = leafHash(envelopeHash);
    this.head.appendLeafHash(leaf);
    if ((this.end + 1) * HASH_SIZE > this.pending.length) this.makeRoom();
    this.pending.set(leaf, this.end++ * HASH_SIZE);
  }

  root(): Uint8Array {
    return this.head.root();
  }

  /**
   * The root at `size`, for sizes that never go back below one asked for before
   * (recorded checkpoints only grow); undefined for a size out of that range.
   */
  rootAt(size: number): Uint8Array | undefined {
    const lagSize = this.lag.size;
    if (!Number.isSafeInteger(size) || size < lagSize || size > this.head.size) return undefined;
    while (this.lag.size < size) {
      const at = this.start++ * HASH_SIZE;
      this.lag.appendLeafHash(this.pending.slice(at, at + HASH_SIZE));
    }
    return this.lag.root();
  }

  /** Drops the leaves the lagging tree took, and doubles the buffer if they were not half of it. */
  private makeRoom(): void {
    const from = this.start * HASH_SIZE;
    const to = this.end * HASH_SIZE;
    if ((to - from) * 2 > this.pending.length) {
      const next = new Uint8Array(this.pending.length * 2);
      next.set(this.pending.subarray(from, to));
      this.pending = next;
    } else {
      this.pending.copyWithin(0, from, to);
    }
    this.end -= this.start;
    this.start = 0;
  }
}
