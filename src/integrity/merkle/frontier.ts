// The root of an append-only RFC 9162 tree and nothing else: the frontier (one hash per
// complete subtree tiling the tree, at most 64) in one flat buffer, hashed in place.
// MerkleTree keeps nodes for proofs and past roots; a streaming verifier only needs
// roots as it goes, so this spends no allocation per append (frontier.unit.spec.ts holds
// it to MerkleTree's roots).
import { emptyRoot, HASH_SIZE } from './hashing';
import { leafHashInto, nodeHashInto } from './merkle-sha256';

/** Subtrees a frontier can hold: one per bit of the size. */
const MAX_DEPTH = 64;

export class Frontier {
  private count = 0;
  /** Complete subtree hashes tiling [0, count), leftmost (largest) first, 32 bytes each. */
  private readonly hashes = new Uint8Array(MAX_DEPTH * HASH_SIZE);
  private depth = 0;

  get size(): number {
    return this.count;
  }

  /** Appends a leaf by its input: the 32 bytes at src[at..at+32] (Writ: an envelope hash). */
  appendLeafInput(src: Uint8Array, at: number): void {
    this.guard();
    leafHashInto(src, at, this.hashes, this.depth * HASH_SIZE);
    this.merge();
  }

  /** Appends a leaf by its leaf hash, the 32 bytes at src[at..at+32]. */
  appendLeafHash(src: Uint8Array, at: number): void {
    this.guard();
    this.hashes.set(src.subarray(at, at + HASH_SIZE), this.depth * HASH_SIZE);
    this.merge();
  }

  /** MTH of everything appended: popcount(size) - 1 hashes. A fresh array. */
  root(): Uint8Array {
    if (this.count === 0) return emptyRoot();
    const root = this.hashes.slice((this.depth - 1) * HASH_SIZE, this.depth * HASH_SIZE);
    for (let i = this.depth - 2; i >= 0; i--) nodeHashInto(this.hashes, i * HASH_SIZE, root, 0, root, 0);
    return root;
  }

  /** Becomes a copy of `other` (the same size and frontier). */
  copyFrom(other: Frontier): void {
    this.hashes.set(other.hashes.subarray(0, other.depth * HASH_SIZE));
    this.depth = other.depth;
    this.count = other.count;
  }

  private guard(): void {
    if (this.count === Number.MAX_SAFE_INTEGER) throw new RangeError('the tree is full');
  }

  /** The new leaf hash sits above the frontier: each trailing one bit of its index closes a subtree. */
  private merge(): void {
    let top = this.depth;
    for (let i = this.count; i % 2 === 1; i = (i - 1) / 2) {
      top--;
      nodeHashInto(this.hashes, top * HASH_SIZE, this.hashes, (top + 1) * HASH_SIZE, this.hashes, top * HASH_SIZE);
    }
    this.depth = top + 1;
    this.count++;
  }
}
