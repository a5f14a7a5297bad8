// Merkle roots the verifier needs while streaming: the root of the whole log so far,
// and roots of past sizes named by recorded checkpoints. Nothing is kept per leaf except
// the leaf hashes after the latest recorded checkpoint, so memory follows the checkpoint
// interval, not the log's length.
import { leafHash, MerkleTree, type NodeStore } from '../integrity/merkle';

/** A store that keeps nothing: these trees only append and compute their current root. */
const NOWHERE: NodeStore = { get: () => undefined, put: () => undefined };

export class RootWindow {
  private readonly head = new MerkleTree(NOWHERE);
  /** A tree lagging behind head at the size of the latest checkpoint root asked for. */
  private readonly lag = new MerkleTree(NOWHERE);
  /** Leaf hashes from the lagging tree's size on. */
  private pending: Uint8Array[] = [];
  private start = 0;

  get size(): number {
    return this.head.size;
  }

  /** Appends a leaf by its input: the 32 raw bytes of an envelope hash. */
  append(envelopeHash: Uint8Array): void {
    const leaf = leafHash(envelopeHash);
    this.head.appendLeafHash(leaf);
    this.pending.push(leaf);
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
    while (this.lag.size < size) this.lag.appendLeafHash(this.pending[this.start++]!);
    if (this.start > 4096 && this.start * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.start);
      this.start = 0;
    }
    return this.lag.root();
  }
}
