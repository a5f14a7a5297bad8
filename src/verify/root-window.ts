// Merkle roots the verifier needs while streaming: the root of the whole log so far,
// and roots of past sizes named by recorded checkpoints. Nothing is kept per leaf except
// the leaf hashes after the latest recorded checkpoint, so memory follows the checkpoint
// interval, not the log's length; those are packed 32 bytes each (no object per leaf),
// and hashed in place (Frontier): nothing is allocated per event.
import { Frontier, HASH_SIZE, leafHashInto } from '../integrity/merkle';

export class RootWindow {
  private readonly head = new Frontier();
  /**
   * The head as it was before its latest leaf. A recorded checkpoint covers the events
   * before it, so its size is usually exactly this one: the lagging tree then takes a
   * copy instead of hashing every leaf since the previous checkpoint again.
   */
  private readonly beforeLast = new Frontier();
  /** A tree lagging behind head at the size of the latest checkpoint root asked for. */
  private readonly lag = new Frontier();
  /** Leaf hashes from the lagging tree's size on: leaves start..end - 1 of `pending`. */
  private pending = new Uint8Array(HASH_SIZE * 1024);
  private start = 0;
  private end = 0;

  get size(): number {
    return this.head.size;
  }

  /** Appends a leaf by its input: the 32 raw bytes of an envelope hash. */
  append(envelopeHash: Uint8Array): void {
    if ((this.end + 1) * HASH_SIZE > this.pending.length) this.makeRoom();
    const at = this.end++ * HASH_SIZE;
    leafHashInto(envelopeHash, 0, this.pending, at);
    this.beforeLast.copyFrom(this.head);
    this.head.appendLeafHash(this.pending, at);
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
    const copy = size === this.head.size ? this.head : size === this.beforeLast.size ? this.beforeLast : undefined;
    if (copy !== undefined) {
      this.lag.copyFrom(copy);
      this.start += size - lagSize;
    }
    while (this.lag.size < size) {
      this.lag.appendLeafHash(this.pending, this.start++ * HASH_SIZE);
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
